/** The Backend API version this client was written and tested against (`Clerk-API-Version`). */
export const CLERK_API_VERSION = "2026-05-12";

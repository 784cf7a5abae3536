// Clerk sign-in tokens (one-time login tickets) as Pulumi resources: minted by `pulumi up`, revoked by `pulumi destroy`, kept secret in between.
package clerk

package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/pulumi-clerk-sign-in-tokens/pulumi-clerk-sign-in-tokens/sdk/go/clerk"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// program is what a Go user of the generated SDK writes, each way of reaching the
// provider once:
//   - "login": a SignInToken through the default provider (stack config clerk:*, else
//     CLERK_SECRET_KEY and CLERK_API_URL in the plugin's environment);
//   - "explicit": a SignInToken through an explicit clerk.Provider, its key a secret input;
//     the engine gives an explicit provider its settings only in Configure, so a key
//     (E2E_EXPLICIT_SECRET_KEY) and API (E2E_EXPLICIT_API_URL) that differ from the
//     environment's show that the plugin honours them;
//   - "cast": a SignInTokens component (the plugin's Construct) with an admin and a viewer.
//
// Settings: stack config userId, viewerUserId, expiresInSeconds (the driver's --config),
// else the environment's E2E_USER_ID, E2E_VIEWER_USER_ID, E2E_EXPIRES_IN_SECONDS.
// Exports url and token (secrets), ids (the cast's) and explicitId.
func program(ctx *pulumi.Context) error {
	userID := setting(ctx, "userId", "E2E_USER_ID")
	if userID == "" {
		return fmt.Errorf("no user: set the config userId or E2E_USER_ID")
	}
	viewerID := setting(ctx, "viewerUserId", "E2E_VIEWER_USER_ID")
	if viewerID == "" {
		viewerID = userID
	}
	var expires pulumi.IntPtrInput
	if text := setting(ctx, "expiresInSeconds", "E2E_EXPIRES_IN_SECONDS"); text != "" {
		seconds, err := strconv.Atoi(text)
		if err != nil {
			return fmt.Errorf("expiresInSeconds %q is not a whole number", text)
		}
		expires = pulumi.IntPtr(seconds)
	}

	login, err := clerk.NewSignInToken(ctx, "login", &clerk.SignInTokenArgs{
		UserId:           pulumi.StringPtr(userID),
		ExpiresInSeconds: expires,
	})
	if err != nil {
		return err
	}

	key := envOr("E2E_EXPLICIT_SECRET_KEY", "CLERK_SECRET_KEY")
	providerArgs := &clerk.ProviderArgs{
		// Made a secret by the program itself, as a user holding a key in a variable would.
		SecretKey: pulumi.ToSecret(pulumi.String(key)).(pulumi.StringOutput),
	}
	if apiURL := envOr("E2E_EXPLICIT_API_URL", "CLERK_API_URL"); apiURL != "" {
		providerArgs.ApiUrl = pulumi.StringPtr(apiURL)
	}
	explicitProvider, err := clerk.NewProvider(ctx, "explicit", providerArgs)
	if err != nil {
		return err
	}
	explicit, err := clerk.NewSignInToken(ctx, "explicit", &clerk.SignInTokenArgs{
		UserId:           pulumi.StringPtr(userID),
		ExpiresInSeconds: expires,
	}, pulumi.Provider(explicitProvider))
	if err != nil {
		return err
	}

	cast, err := clerk.NewSignInTokens(ctx, "cast", &clerk.SignInTokensArgs{
		Users: clerk.SignInTokensUserMap{
			"admin":  clerk.SignInTokensUserArgs{UserId: pulumi.StringPtr(userID)},
			"viewer": clerk.SignInTokensUserArgs{UserId: pulumi.StringPtr(viewerID)},
		},
		Defaults: clerk.SignInTokensDefaultsArgs{ExpiresInSeconds: expires},
	})
	if err != nil {
		return err
	}

	ctx.Export("url", login.Url)
	ctx.Export("token", login.Token)
	ctx.Export("ids", cast.Ids)
	ctx.Export("explicitId", explicit.ID())
	return nil
}

// setting is the stack config key (this project's namespace), else the variable env.
func setting(ctx *pulumi.Context, key, env string) string {
	if value := config.Get(ctx, key); value != "" {
		return value
	}
	return os.Getenv(env)
}

func envOr(names ...string) string {
	for _, name := range names {
		if value := os.Getenv(name); value != "" {
			return value
		}
	}
	return ""
}

// Command go-program drives a Go program written with the generated Go SDK (program.go)
// through the Automation API as an inline program: no Go language host, no `go run` per
// step. The end-to-end tests build it once (tests/e2e/go-program.ts) and run one command
// per invocation, as a pipeline would:
//
//	go-program --dir <work dir> [--stack dev] [--config key=value]… <command>
//
//	up                  deploy
//	preview [--refresh] preview an update (with --refresh: refresh first, as `pulumi preview --refresh`)
//	refresh             refresh the state
//	destroy             destroy every resource
//	outputs             print the stack outputs, secrets revealed, as a JSON object
//
// The work dir holds Pulumi.yaml and the stack's config (a project any `pulumi` command
// can also run in); the backend and passphrase come from PULUMI_BACKEND_URL and
// PULUMI_CONFIG_PASSPHRASE, the Pulumi CLI and plugins from PATH. Engine progress goes to
// stderr; stdout gets one JSON document: the outputs, or the command's change summary.
// Exit status 1 on failure, 2 on a usage error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

const projectName = "clerk-e2e-go"

type configFlags map[string]string

func (c configFlags) String() string { return fmt.Sprint(map[string]string(c)) }

func (c configFlags) Set(pair string) error {
	key, value, ok := strings.Cut(pair, "=")
	if !ok || key == "" {
		return fmt.Errorf("%q is not key=value", pair)
	}
	c[key] = value
	return nil
}

func main() {
	flags := flag.NewFlagSet("go-program", flag.ContinueOnError)
	dir := flags.String("dir", "", "the work dir (Pulumi.yaml and stack config); required")
	stackName := flags.String("stack", "dev", "the stack, created if missing")
	settings := configFlags{}
	flags.Var(settings, "config", "plain stack config key=value to set first (repeatable)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	args := flags.Args()
	if *dir == "" || len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: go-program --dir <work dir> [--stack dev] [--config key=value]… up|preview [--refresh]|refresh|destroy|outputs")
		os.Exit(2)
	}
	result, err := run(context.Background(), *dir, *stackName, settings, args[0], args[1:])
	if errors.Is(err, errUsage) {
		fmt.Fprintf(os.Stderr, "go-program: %v\n", err)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-program: %s failed: %v\n", args[0], err)
		os.Exit(1)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(result); err != nil {
		fmt.Fprintf(os.Stderr, "go-program: %v\n", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(ctx context.Context, dir, stackName string, settings configFlags, command string, rest []string) (any, error) {
	refresh := false
	switch {
	case command == "preview" && len(rest) == 1 && rest[0] == "--refresh":
		refresh = true
	case len(rest) > 0:
		return nil, fmt.Errorf("%w: unexpected %q after %s", errUsage, strings.Join(rest, " "), command)
	}
	switch command {
	case "up", "preview", "refresh", "destroy", "outputs":
	default:
		return nil, fmt.Errorf("%w: unknown command %q (up, preview [--refresh], refresh, destroy, outputs)", errUsage, command)
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, projectName, program,
		auto.WorkDir(dir),
		auto.Project(workspace.Project{
			Name:    projectName,
			Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		}),
		auto.SecretsProvider("passphrase"),
	)
	if err != nil {
		return nil, err
	}
	for key, value := range settings {
		if err := stack.SetConfig(ctx, key, auto.ConfigValue{Value: value}); err != nil {
			return nil, err
		}
	}

	// The engine's progress is for people (and test failure messages), never for parsing.
	progress := os.Stderr
	switch command {
	case "up":
		res, err := stack.Up(ctx, optup.ProgressStreams(progress), optup.ErrorProgressStreams(progress), optup.Color("never"))
		return summary(res.Summary), err
	case "preview":
		opts := []optpreview.Option{optpreview.ProgressStreams(progress), optpreview.ErrorProgressStreams(progress), optpreview.Color("never")}
		if refresh {
			opts = append(opts, optpreview.Refresh())
		}
		res, err := stack.Preview(ctx, opts...)
		return map[string]any{"changeSummary": res.ChangeSummary}, err
	case "refresh":
		res, err := stack.Refresh(ctx, optrefresh.ProgressStreams(progress), optrefresh.ErrorProgressStreams(progress), optrefresh.Color("never"))
		return summary(res.Summary), err
	case "destroy":
		res, err := stack.Destroy(ctx, optdestroy.ProgressStreams(progress), optdestroy.ErrorProgressStreams(progress), optdestroy.Color("never"))
		return summary(res.Summary), err
	default: // outputs
		outputs, err := stack.Outputs(ctx)
		if err != nil {
			return nil, err
		}
		// Revealed, as a pipeline reads them (`pulumi stack output --json --show-secrets`).
		values := map[string]any{}
		for name, output := range outputs {
			values[name] = output.Value
		}
		return values, nil
	}
}

// summary keeps what a test asserts on: the result and the count of each kind of change
// (not the config, which the engine reports with the update).
func summary(s auto.UpdateSummary) map[string]any {
	changes := map[string]int{}
	if s.ResourceChanges != nil {
		changes = *s.ResourceChanges
	}
	return map[string]any{"result": s.Result, "resourceChanges": changes}
}

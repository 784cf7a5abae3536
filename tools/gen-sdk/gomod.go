package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const pulumiSDK = "github.com/pulumi/pulumi/sdk/v3"

// writeGoModule makes <out> the Go module a user requires: the module whose go/<package>
// folder is the schema's importBasePath, requiring the Pulumi Go SDK at the version this
// tool was built with (tools/gen-sdk/go.mod is the one place that version is pinned), and
// tidied, so go.sum lists what a build of the SDK needs.
func writeGoModule(spec schema.PackageSpec, out string) error {
	var goInfo struct {
		ImportBasePath string `json:"importBasePath"`
	}
	if err := json.Unmarshal(spec.Language["go"], &goInfo); err != nil || goInfo.ImportBasePath == "" {
		return errors.New("the schema has no language.go.importBasePath")
	}
	suffix := "/go/" + path.Base(goInfo.ImportBasePath)
	module, ok := strings.CutSuffix(goInfo.ImportBasePath, suffix)
	if !ok || module == "" {
		return fmt.Errorf("importBasePath %q does not end in /go/<package>", goInfo.ImportBasePath)
	}
	version, err := builtWith(pulumiSDK)
	if err != nil {
		return err
	}
	// The SDK's own `go` line: with an older one (or none) Go reads the module graph
	// unpruned, and tidy then fails on test-only requirements deep in it that the module
	// proxy cannot serve.
	goLine, err := goLineOf(out, pulumiSDK, version)
	if err != nil {
		return err
	}
	goMod := fmt.Sprintf("module %s\n\ngo %s\n\nrequire %s %s\n", module, goLine, pulumiSDK, version)
	if err := os.WriteFile(filepath.Join(out, "go.mod"), []byte(goMod), 0o644); err != nil {
		return err
	}
	// tidy adds the SDK's other direct imports and the `go` line its requirements need;
	// a `toolchain` line would name whichever Go ran this, so none is kept.
	if err := goCommand(out, "mod", "tidy"); err != nil {
		return err
	}
	return goCommand(out, "mod", "edit", "-toolchain=none")
}

// goLineOf is the `go` line of the go.mod of mod at version, from the module proxy.
func goLineOf(dir, mod, version string) (string, error) {
	var download struct{ GoMod string }
	if err := goJSON(dir, &download, "mod", "download", "-json", mod+"@"+version); err != nil {
		return "", err
	}
	var modFile struct{ Go string }
	if err := goJSON(dir, &modFile, "mod", "edit", "-json", download.GoMod); err != nil {
		return "", err
	}
	if modFile.Go == "" {
		return "", fmt.Errorf("%s@%s declares no go version", mod, version)
	}
	return modFile.Go, nil
}

// builtWith is the version of the module mod that this binary was built with.
func builtWith(mod string) (string, error) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", errors.New("this binary carries no build information")
	}
	for _, dep := range info.Deps {
		if dep.Path == mod {
			if dep.Replace != nil {
				return "", fmt.Errorf("%s is replaced in tools/gen-sdk/go.mod; require a released version", mod)
			}
			return dep.Version, nil
		}
	}
	return "", fmt.Errorf("%s is not among this binary's dependencies", mod)
}

func goCommand(dir string, args ...string) error {
	cmd := goCmd(dir, args...)
	cmd.Stdout = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s in %s: %w", strings.Join(args, " "), dir, err)
	}
	return nil
}

func goJSON(dir string, into any, args ...string) error {
	raw, err := goCmd(dir, args...).Output()
	if err != nil {
		return fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return json.Unmarshal(raw, into)
}

func goCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	// Our folder alone decides: no go.work above it, no toolchain download.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
	cmd.Stderr = os.Stderr
	return cmd
}

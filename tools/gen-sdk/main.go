// Command gen-sdk writes the Go, Python and Node.js SDKs of the clerk provider plugin
// from its schema, with the generators of github.com/pulumi/pulumi/pkg/v3 that
// `pulumi package gen-sdk` reaches through the `pulumi-language-<lang>` hosts. Those
// hosts are not served by the Go module proxy we build from; their generators are.
//
//	gen-sdk -schema provider/plugin/schema.json -out <empty or missing folder>
//
// writes <out>/go/<package>/…, <out>/python/…, <out>/nodejs/… and <out>/go.mod with its
// go.sum (needs `go` on PATH). scripts/gen-sdk.sh builds and runs it; use that.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	schemaPath := flag.String("schema", "", "the provider's schema.json")
	out := flag.String("out", "", "the folder to write the SDKs into; must be missing or empty")
	flag.Parse()
	if *schemaPath == "" || *out == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*schemaPath, *out); err != nil {
		fmt.Fprintf(os.Stderr, "gen-sdk: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string) error {
	spec, err := readSpec(schemaPath)
	if err != nil {
		return err
	}
	if err := requireEmpty(out); err != nil {
		return err
	}
	for i, lang := range languages {
		// Bound afresh for each language: a generator records its language's options in
		// the package it is given, as each real host binds its own copy.
		pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
		if err != nil {
			return fmt.Errorf("binding %s: %w", schemaPath, err)
		}
		if diags.HasErrors() {
			return fmt.Errorf("%s is not a valid Pulumi schema: %s", schemaPath, diags.Error())
		}
		if i == 0 && len(diags) > 0 {
			fmt.Fprintf(os.Stderr, "gen-sdk: warnings from %s: %s\n", schemaPath, diags.Error())
		}
		files, err := lang.generate(pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", lang.dir, err)
		}
		if err := writeFiles(filepath.Join(out, lang.dir), files); err != nil {
			return err
		}
	}
	return writeGoModule(spec, out)
}

// readSpec reads the schema strictly: a misspelt key would otherwise be dropped without
// a word and its setting silently missing from every SDK.
func readSpec(path string) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	raw, err := os.ReadFile(path)
	if err != nil {
		return spec, err
	}
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&spec); err != nil {
		return spec, fmt.Errorf("reading %s: %w", path, err)
	}
	return spec, nil
}

// requireEmpty refuses a folder holding files: generating over an earlier SDK would keep
// the files a schema change removed.
func requireEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty; give a new folder", dir)
	}
	return nil
}

// writeFiles writes in name order, so that a failure part-way leaves the same files on
// every run.
func writeFiles(root string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		clean := filepath.Clean(filepath.FromSlash(name))
		if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return fmt.Errorf("a generator returned the path %q, outside its folder", name)
		}
		path := filepath.Join(root, clean)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

package main

import (
	"context"
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noDependencies is the schema loader the generators get. Our schema refers to no other
// package (only to pulumi.json's built-in types, which need no loader), so any request
// means the schema changed in a way this tool does not handle yet: say so rather than
// start a plugin host to fetch a schema from somewhere.
type noDependencies struct{}

var _ schema.ReferenceLoader = noDependencies{}

func refuse(name string) error {
	return fmt.Errorf("the schema refers to the package %q; gen-sdk loads no other package's schema", name)
}

func (noDependencies) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, refuse(pkg)
}

func (noDependencies) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refuse(d.PackageName())
}

func (noDependencies) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refuse(pkg)
}

func (noDependencies) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, refuse(d.PackageName())
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/samstyr/samstyr/workflow"
)

// errNotVerified makes the command exit 1 after printing its findings.
var errNotVerified = errors.New("the decision does not verify")

// verifyDecision checks an exported decision file offline: canonical
// payload, digest, content, signatures.
func verifyDecision(args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return usageError("verify-decision takes one file: samstyr verify-decision FILE")
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var x workflow.DecisionExport
	if err := json.Unmarshal(b, &x); err != nil {
		return fmt.Errorf("%s is not a decision export: %w", args[0], err)
	}
	ok := true
	fmt.Fprintf(stdout, "Beslut %s (%s, punkt %s)\n", x.Decision.ID, x.Decision.Kind, x.Decision.PointCode)
	for _, c := range workflow.VerifyExport(x) {
		mark := "OK  "
		if !c.OK {
			mark, ok = "FEL ", false
		}
		fmt.Fprintf(stdout, "  %s %-10s %s\n", mark, c.Name, c.Detail)
	}
	if !ok {
		return errNotVerified
	}
	fmt.Fprintln(stdout, "Beslutet är oförändrat sedan det signerades.")
	return nil
}

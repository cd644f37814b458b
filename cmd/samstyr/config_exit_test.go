package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWeakDemoPasswordExitsWithCode2: a demo password the password rule
// refuses (short, common, or a demo user's name) stops serve with exit
// code 2 and a first line naming SAMSTYR_DEMO_PASSWORD, before anything is
// stored. Found in review: any 8 characters were accepted.
func TestWeakDemoPasswordExitsWithCode2(t *testing.T) {
	for _, pw := range []string{"kort-lösen", "Sommar2024!!", "Lösenord1234", "ordforande-2026", "Anna Lindqvist 99"} {
		dir := t.TempDir()
		cmd := exec.Command(binary)
		cmd.Env = append(os.Environ(), "SAMSTYR_ADDR=127.0.0.1:0", "SAMSTYR_DATA_DIR="+dir, "SAMSTYR_DEMO_PASSWORD="+pw)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 2 {
			t.Errorf("%q: %v, want exit code 2\n%s", pw, err, stderr.String())
			continue
		}
		if first := strings.SplitN(stderr.String(), "\n", 2)[0]; !strings.Contains(first, "SAMSTYR_DEMO_PASSWORD") {
			t.Errorf("%q: first line %q does not name SAMSTYR_DEMO_PASSWORD", pw, first)
		}
	}
}

// TestBadSQLiteSynchronousExitsWithCode2: a synchronous mode other than
// FULL or NORMAL, in the environment or as the flag, stops serve with exit
// code 2 and a first line naming SAMSTYR_SQLITE_SYNCHRONOUS.
func TestBadSQLiteSynchronousExitsWithCode2(t *testing.T) {
	for _, c := range []struct{ env, args []string }{
		{[]string{"SAMSTYR_SQLITE_SYNCHRONOUS=OFF"}, nil},
		{nil, []string{"serve", "--sqlite-synchronous", "extra"}},
	} {
		cmd := exec.Command(binary, c.args...)
		cmd.Env = append(append(os.Environ(), "SAMSTYR_ADDR=127.0.0.1:0", "SAMSTYR_DATA_DIR="+t.TempDir()), c.env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 2 {
			t.Errorf("%v %v: %v, want exit code 2\n%s", c.env, c.args, err, stderr.String())
			continue
		}
		if first := strings.SplitN(stderr.String(), "\n", 2)[0]; !strings.Contains(first, "SAMSTYR_SQLITE_SYNCHRONOUS") {
			t.Errorf("%v %v: first line %q does not name SAMSTYR_SQLITE_SYNCHRONOUS", c.env, c.args, first)
		}
	}
}

// TestMongoURIWithAnUnencodedPasswordSaysSo: a password with characters a
// URI must percent-encode (a Swedish letter, here) stops serve with exit
// code 2 and a first line naming SAMSTYR_MONGODB_URI that says to
// percent-encode it, and never shows the password. Found in review: the
// line said the URI must start with mongodb://, which it did.
func TestMongoURIWithAnUnencodedPasswordSaysSo(t *testing.T) {
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "SAMSTYR_ADDR=127.0.0.1:0", "SAMSTYR_DATA_DIR="+t.TempDir(),
		"SAMSTYR_MONGODB_URI=mongodb://samstyr:hemligt-lösen@db1,db2/?replicaSet=rs0", "SAMSTYR_MASTER_KEY=c2Ftc3R5ci10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("%v, want exit code 2\n%s", err, stderr.String())
	}
	first := strings.SplitN(stderr.String(), "\n", 2)[0]
	if !strings.Contains(first, "SAMSTYR_MONGODB_URI") || !strings.Contains(first, "percent-encode") {
		t.Errorf("first line %q does not name SAMSTYR_MONGODB_URI and say to percent-encode", first)
	}
	if strings.Contains(stderr.String(), "hemligt") {
		t.Errorf("the password is shown:\n%s", stderr.String())
	}
}

// TestBusyAddressStopsServeBeforeTheStore: a listen address already in
// use stops serve with exit code 2 naming SAMSTYR_ADDR before the store
// is touched: no data dir made, no demo loaded, no one-time passwords
// printed. Found in review: the demo was loaded and its passwords printed
// (once only, as the README says) before the bind failed, so the next
// start printed none.
func TestBusyAddressStopsServeBeforeTheStore(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	dir := filepath.Join(t.TempDir(), "data")
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), "SAMSTYR_ADDR="+l.Addr().String(), "SAMSTYR_DATA_DIR="+dir, "SAMSTYR_MONGODB_URI=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("%v, want exit code 2\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "samstyr: SAMSTYR_ADDR") {
		t.Errorf("no line naming SAMSTYR_ADDR:\n%s", stderr.String())
	}
	if stdout.Len() > 0 {
		t.Errorf("printed before refusing:\n%s", stdout.String())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the data dir was made (%v)", err)
	}
}

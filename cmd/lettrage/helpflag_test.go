package main_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelpFlagAnywhere: a help flag, in any spelling and wherever it sits
// among the global flags and their values, prints the usage of the
// command the words name (exit 0), as 'lettrage help COMMAND' does; a
// global flag's value is never taken for a command word, nor for a help
// flag. Without a command word, the usage printed is the general one.
func TestHelpFlagAnywhere(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct {
		name   string
		args   []string
		same   []string // the command line whose stdout it prints
		code   int
		stderr string
	}{
		{"help book value help post", []string{"help", "--book", "x.db", "-h", "post"}, []string{"post", "--help"}, 0, ""},
		{"help help book value post", []string{"help", "-h", "--book", "x.db", "post"}, []string{"post", "--help"}, 0, ""},
		{"help book value post help", []string{"help", "--book", "x.db", "post", "--help"}, []string{"post", "--help"}, 0, ""},
		{"help book equals help post", []string{"help", "--book=x.db", "--help", "post"}, []string{"post", "--help"}, 0, ""},
		{"help book named post help", []string{"help", "--book", "post", "-h"}, []string{"--help"}, 0, ""},
		{"help book named help post", []string{"help", "--book", "-h", "post"}, []string{"post", "--help"}, 0, ""},
		{"book value help post", []string{"--book", "x.db", "-h", "post"}, []string{"post", "--help"}, 0, ""},
		{"help book value post", []string{"-h", "--book", "x.db", "post"}, []string{"post", "--help"}, 0, ""},
		{"help post", []string{"-h", "post"}, []string{"post", "--help"}, 0, ""},
		{"double dash help post", []string{"--help", "post"}, []string{"post", "--help"}, 0, ""},
		{"help equals true post", []string{"-help=true", "post"}, []string{"post", "--help"}, 0, ""},
		{"dash dash h post", []string{"--h", "post"}, []string{"post", "--help"}, 0, ""},
		{"json help clock value post", []string{"--json", "-h", "--clock", "2026-01-01", "post"}, []string{"post", "--help"}, 0, ""},
		// A global flag given before shows no "(default …)" of its own.
		{"json post help", []string{"--json", "post", "--help"}, []string{"post", "--help"}, 0, ""},
		{"book value post help", []string{"--book", "other.db", "report", "trial", "--help"}, []string{"report", "trial", "--help"}, 0, ""},
		{"help post with arguments", []string{"-h", "post", "--journal", "VT"}, []string{"post", "--help"}, 0, ""},
		{"help family", []string{"-h", "report"}, []string{"report", "--help"}, 0, ""},
		{"help family subcommand", []string{"-h", "report", "trial"}, []string{"report", "trial", "--help"}, 0, ""},
		{"family help subcommand", []string{"report", "-h", "trial"}, []string{"report", "trial", "--help"}, 0, ""},
		{"family book value help subcommand", []string{"report", "--book", "x.db", "-h", "trial"}, []string{"report", "trial", "--help"}, 0, ""},
		{"book value family help subcommand", []string{"--book", "x.db", "export", "--help", "xlsx"}, []string{"export", "xlsx", "--help"}, 0, ""},
		{"help help", []string{"-h", "help", "post"}, []string{"post", "--help"}, 0, ""},
		{"book named post help", []string{"--book", "post", "-h"}, []string{"--help"}, 0, ""},
		{"help book named post", []string{"-h", "--book", "post"}, []string{"--help"}, 0, ""},
		{"book named trial family help", []string{"report", "--book", "trial", "-h"}, []string{"report", "--help"}, 0, ""},
		{"help false", []string{"-h=false", "post"}, []string{"post", "--help"}, 0, ""},
		{"help unknown", []string{"-h", "frobnicate"}, nil, 2, `unknown command "frobnicate"`},
		{"family help unknown", []string{"report", "-h", "nope"}, nil, 2, `unknown command "report nope"`},
		{"help book without value", []string{"-h", "--book"}, nil, 2, "flag needs an argument"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, dir, "", c.args...)
			assert.Equal(t, c.code, r.code, r.stderr)
			if c.same != nil {
				want := run(t, dir, "", c.same...)
				require.Equal(t, 0, want.code)
				assert.Equal(t, want.stdout, r.stdout)
				assert.Empty(t, r.stderr)
				return
			}
			assert.Empty(t, r.stdout)
			assert.Contains(t, r.stderr, c.stderr)
		})
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "help opened no book")
	_, err = os.Stat(filepath.Join(dir, "post"))
	assert.True(t, errors.Is(err, os.ErrNotExist))
}

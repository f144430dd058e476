package lettrage_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeTaste takes the program between the taste markers of
// README.md, writes it as the main.go of a temporary package inside this
// module (a directory starting with "_", which ./... patterns skip), runs
// it with go run and compares what it prints with the output block between
// the taste-output markers, reading the no-break spaces of French amounts
// as spaces. -short skips it.
func TestReadmeTaste(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the README's program with go run")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src := between(t, string(readme), "taste", "```go\n")
	want := between(t, string(readme), "taste-output", "```text\n")

	dir, err := os.MkdirTemp(".", "_readme-taste-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(gobin, "run", "./"+filepath.ToSlash(dir))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run of the README's taste: %v\n%s", err, stderr.String())
	}
	if got := spaces.Replace(stdout.String()); got != spaces.Replace(want) {
		t.Errorf("the README's taste printed:\n%s\nthe README says:\n%s", got, want)
	}
}

// spaces turns the no-break spaces French amounts print ("1\u202f200,00\u00a0€")
// into plain ones.
var spaces = strings.NewReplacer("\u00a0", " ", "\u202f", " ")

// between returns the body of the one fenced block, opened by fence and
// closed by a line of three backquotes, between the markers
// <!-- name:begin --> and <!-- name:end --> of text.
func between(t *testing.T, text, name, fence string) string {
	t.Helper()
	begin, end := "<!-- "+name+":begin -->\n", "<!-- "+name+":end -->"
	i := strings.Index(text, begin)
	j := strings.Index(text, end)
	if i < 0 || j < i || strings.Count(text, begin) != 1 || strings.Count(text, end) != 1 {
		t.Fatalf("README.md: want one %q and one %q after it", strings.TrimSpace(begin), end)
	}
	block := text[i+len(begin) : j]
	if !strings.HasPrefix(block, fence) || !strings.HasSuffix(block, "\n```\n") {
		t.Fatalf("README.md: the %s markers must hold exactly one %q block", name, strings.TrimSpace(fence))
	}
	return strings.TrimSuffix(strings.TrimPrefix(block, fence), "```\n")
}

// TestReadmeFences checks that README.md renders as meant: every code
// block opens with a language and is closed, so that no stray fence turns
// the rest of the page into code.
func TestReadmeFences(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	open := 0 // line number of the open block's fence, 0 outside blocks
	for i, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(line, "```") {
			continue
		}
		switch info := strings.TrimSpace(strings.TrimPrefix(line, "```")); {
		case open == 0 && info == "":
			t.Errorf("README.md:%d: a code block opens without a language (a stray fence?)", i+1)
			open = i + 1
		case open == 0:
			open = i + 1
		case info != "":
			t.Errorf("README.md:%d: a fence with a language inside the block opened on line %d", i+1, open)
		default:
			open = 0
		}
	}
	if open != 0 {
		t.Errorf("README.md:%d: code block never closed", open)
	}
}

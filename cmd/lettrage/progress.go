package main

import (
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a progress bar on standard error, drawn only when both
// standard output and standard error are terminals and --json is off: a
// redirected run, a pipe or a test sees nothing of it. Its methods do
// nothing on a nil *progress.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress starts a bar of max steps (-1: a spinner counting steps).
func (a *app) newProgress(max int64, what string) *progress {
	if a.json || a.stdout != os.Stdout || a.stderr != os.Stderr ||
		!term.IsTerminal(int(os.Stdout.Fd())) || !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	return &progress{bar: progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100_000_000), // 100 ms
		progressbar.OptionClearOnFinish(),
	)}
}

// set moves the bar to n.
func (p *progress) set(n int64) {
	if p != nil {
		_ = p.bar.Set64(n)
	}
}

// describe changes the bar's text.
func (p *progress) describe(what string) {
	if p != nil {
		p.bar.Describe(what)
	}
}

// done removes the bar.
func (p *progress) done() {
	if p != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
	}
}

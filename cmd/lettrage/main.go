package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// errHelp is returned by a command whose --help was asked: its usage went
// to standard output and the exit code is 0.
var errHelp = errors.New("help requested")

// usageError is a command line that cannot be run: an unknown command or
// flag, a missing or extra argument. It exits with code 2.
type usageError struct {
	cmd   string // the command's full name, "report trial"
	msg   string
	usage string // the command's usage, printed after msg when set
}

func (e *usageError) Error() string { return e.msg }

func usagef(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// command is one node of the command tree: a leaf runs, a family
// dispatches on its first argument.
type command struct {
	name    string
	summary string
	run     func(a *app, name string, args []string) error
	subs    []*command
}

// app holds what every command shares: the streams, the global flags and
// the context cancelled by an interrupt.
type app struct {
	ctx context.Context
	// globalsGiven are the global flags given so far on the command
	// line, before the command's name or after it: one given on both
	// sides is given twice (onceFlags).
	globalsGiven   map[string]bool
	stdin          io.Reader
	stdout, stderr io.Writer
	bookPath       string
	json           bool
	clock          string
	wait           time.Duration // how long a command waits for a book another process has (--wait)
	waitEnv        string        // LETTRAGE_WAIT, read when a book is opened unless --wait was given
	waitSet        bool          // --wait was given
	waitUntil      time.Time     // when the command stops waiting; set the first time it waits
	waitWhy        string        // what the notice of the wait says of the book ("" for in use)
	waitTold       bool          // the notice of the wait was printed
}

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := runMain(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// gcPercent and gcMemoryLimit are the garbage collector's settings for a
// run of the command, unless GOGC and GOMEMLIMIT say otherwise. A command
// letters, imports or posts a whole book in one process: with the heap
// let grow to five times what is live before each collection rather than
// twice, `auto` on a book of a million lines took 5.9 s instead of 6.8, in
// 380 MB of memory instead of 220. The limit keeps a large live heap from
// growing so: past it the collector runs more often, as often as Go's
// default pace once the live heap reaches half of it.
const (
	gcPercent     = 400
	gcMemoryLimit = 4 << 30
)

// tuneGC applies gcPercent, and gcMemoryLimit with it, where the
// environment does not set GOGC (GOGC=off with no limit stays so); a
// GOMEMLIMIT of the environment stands. Only the command does: a program
// embedding the library keeps its own settings.
func tuneGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(gcPercent)
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(gcMemoryLimit)
	}
}

// runMain runs the command line args and returns the exit code.
func runMain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, wait: waitDefault}
	a.bookPath = os.Getenv("LETTRAGE_BOOK")
	if a.bookPath == "" {
		a.bookPath = "book.db"
	}
	a.clock = os.Getenv("LETTRAGE_NOW")
	a.waitEnv = os.Getenv("LETTRAGE_WAIT")
	err := a.dispatch(root(), "", args)
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "lettrage: %s\n", ue.msg)
		if ue.usage != "" {
			fmt.Fprintf(stderr, "\n%s", ue.usage)
		} else {
			fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", strings.TrimSpace("lettrage "+ue.cmd))
		}
		return exitUsage
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		// Ctrl-C: every commit is whole, so what the command committed
		// before stays and the rest was not written; run again, with the
		// same --id where it takes one, it goes on.
		fmt.Fprintf(stderr, "lettrage: interrupted: what was committed before stays, the rest was not written (%v)\n", err)
		return exitError
	default:
		fmt.Fprintf(stderr, "lettrage: %v\n", err)
		return exitError
	}
}

// root is the command tree.
func root() *command {
	return &command{subs: []*command{
		{name: "init", summary: "create a book", run: cmdInit},
		{name: "partner", summary: "manage partners", subs: []*command{
			{name: "add", summary: "add a customer or supplier", run: cmdPartnerAdd},
			{name: "list", summary: "list the partners", run: cmdPartnerList},
			{name: "mandate", summary: "record a customer's SEPA direct debit mandate on its bank account, or move it (--move)", run: cmdPartnerMandate},
		}},
		{name: "journal", summary: "manage journals", subs: []*command{
			{name: "add", summary: "add a journal (a bank journal with its IBAN)", run: cmdJournalAdd},
			{name: "list", summary: "list the journals", run: cmdJournalList},
		}},
		{name: "account", summary: "manage the chart of accounts", subs: []*command{
			{name: "add", summary: "add an account", run: cmdAccountAdd},
			{name: "list", summary: "list the chart of accounts", run: cmdAccountList},
			{name: "deactivate", summary: "refuse new entries on an account", run: cmdAccountDeactivate},
			{name: "activate", summary: "take new entries on an inactive account again", run: cmdAccountActivate},
		}},
		{name: "import", summary: "import entries or bank statements", subs: []*command{
			{name: "entries", summary: "import entries from a CSV file", run: cmdImportEntries},
			{name: "camt053", summary: "import ISO 20022 camt.053 bank statements", run: cmdImportCamt},
			{name: "cfonb", summary: "import CFONB 120 bank statements", run: cmdImportCFONB},
			{name: "hledger", summary: "import an hledger journal", run: cmdImportHledger},
		}},
		{name: "statement", summary: "bank statement lines imported and not posted", subs: []*command{
			{name: "open", summary: "list the imported lines not posted yet", run: cmdStatementOpen},
			{name: "post", summary: "post an unmatched line to suspense 471000 or an account", run: cmdStatementPost},
		}},
		{name: "post", summary: "post one entry from flags or JSON", run: cmdPost},
		{name: "rate", summary: "set or show a foreign currency's exchange rate", subs: []*command{
			{name: "set", summary: "record a currency's rate from a date", run: cmdRateSet},
			{name: "show", summary: "print a currency's rate on a date", run: cmdRateShow},
		}},
		{name: "reverse", summary: "reverse a posted entry", run: cmdReverse},
		{name: "pay", summary: "register a payment and letter it with invoices", run: cmdPay},
		{name: "deposit", summary: "cheques received and their deposits (remises de chèques)", subs: []*command{
			{name: "list", summary: "list the cheques waiting to be deposited", run: cmdDepositList},
			{name: "add", summary: "record a cheque deposit and print its slip", run: cmdDepositAdd},
		}},
		{name: "run", summary: "pay the suppliers' bills due in a SEPA credit transfer run (pain.001)", run: cmdRun},
		{name: "collect", summary: "collect the customers' invoices due by SEPA direct debit (pain.008)", run: cmdCollect},
		{name: "letter", summary: "letter lines together", run: cmdLetter},
		{name: "auto", summary: "letter open items automatically", run: cmdAuto},
		{name: "unletter", summary: "undo a lettering", run: cmdUnletter},
		{name: "credit", summary: "credit notes, overpayments and advances that could settle an invoice", subs: []*command{
			{name: "list", summary: "list what could settle an invoice or bill besides a payment", run: cmdCreditList},
			{name: "use", summary: "settle an invoice or bill with a credit note, overpayment or advance", run: cmdCreditUse},
		}},
		{name: "doubtful", summary: "move a customer's debt to doubtful customers (416000)", run: cmdDoubtful},
		{name: "baddebt", summary: "write off a customer's debt as lost, its VAT recovered", run: cmdBadDebt},
		{name: "dunning", summary: "reminders to customers with overdue invoices (relances)", subs: []*command{
			{name: "list", summary: "list the customers with overdue invoices and the reminder each is due", run: cmdDunningList},
			{name: "send", summary: "write the reminder letters due and record them", run: cmdDunningSend},
			{name: "penalties", summary: "late-payment penalties and the 40 € recovery indemnity owed; --post invoices them", run: cmdDunningPenalties},
		}},
		{name: "state", summary: "show documents' payment states", run: cmdState},
		{name: "report", summary: "print a report", subs: reportCommands()},
		{name: "export", summary: "export the book", subs: []*command{
			{name: "fec", summary: "write the FEC of a fiscal year", run: cmdExportFEC},
			{name: "csv", summary: "write the entries as CSV (the import format)", run: cmdExportCSV},
			{name: "hledger", summary: "write the entries as an hledger journal", run: cmdExportHledger},
			{name: "xlsx", summary: "write the entries to an Excel workbook", run: cmdExportXLSX},
		}},
		{name: "year", summary: "the book's fiscal years", subs: []*command{
			{name: "add", summary: "add fiscal years (by default the next twelve months)", run: cmdYearAdd},
			{name: "list", summary: "list the fiscal years and their closings", run: cmdYearList},
		}},
		{name: "revalue", summary: "bring foreign items and cash to the closing rates (year end)", run: cmdRevalue},
		{name: "impair", summary: "impair doubtful customers' debts to your estimates (year end)", run: cmdImpair},
		{name: "lock", summary: "lock a period (or its taxes) against new entries", run: cmdLock},
		{name: "close", summary: "close a fiscal year for good", run: cmdClose},
		{name: "validate-fec", summary: "check a FEC file", run: cmdValidateFEC},
		{name: "verify", summary: "check every invariant and the hash chains", run: cmdVerify},
	}}
}

// dispatch runs c with args: a leaf runs, a family picks its subcommand.
// name is c's full name ("" for the root).
func (a *app) dispatch(c *command, name string, args []string) error {
	if c.run != nil {
		return c.run(a, name, args)
	}
	fs, help := a.familyFlagSet(name)
	var usage strings.Builder
	a.familyUsage(&usage, c, name)
	withUsage := func(err error) error {
		var ue *usageError
		if errors.As(err, &ue) {
			ue.usage = usage.String()
		}
		return err
	}
	rest, err := a.parseFlags(fs, name, args, true)
	if err != nil {
		return withUsage(err)
	}
	if *help && len(rest) == 0 {
		io.WriteString(a.stdout, usage.String())
		return errHelp
	}
	if len(rest) == 0 {
		if name == "" {
			return withUsage(usagef(name, "no command given"))
		}
		return withUsage(usagef(name, "%s needs a subcommand", name))
	}
	if name == "" && rest[0] == "help" {
		return a.help(c, rest[1:])
	}
	for _, s := range c.subs {
		if s.name == rest[0] {
			if *help { // the help asked for is the subcommand's
				return a.dispatch(s, strings.TrimSpace(name+" "+s.name), append([]string{"--help"}, rest[1:]...))
			}
			return a.dispatch(s, strings.TrimSpace(name+" "+s.name), rest[1:])
		}
	}
	if name == "" {
		return withUsage(usagef(name, "unknown command %q", rest[0]))
	}
	return withUsage(usagef(name, "unknown command %q", name+" "+rest[0]))
}

// help runs "lettrage help [COMMAND...]": the usage of the command path
// names, as its --help prints it, or the general usage without one. An
// unknown command is a usage error naming it.
func (a *app) help(root *command, path []string) error {
	// The global flags may come anywhere, as on every command; --help
	// asks for what help prints anyway.
	fs, _ := a.familyFlagSet("help")
	words, err := a.parseFlags(fs, "help", path, false)
	if err != nil {
		return err
	}
	c, name := root, ""
	for _, word := range words {
		if c == root && word == "help" {
			break // help help: the general usage, which lists help
		}
		if len(c.subs) == 0 {
			return usagef("help", "help: %s has no command %q: run 'lettrage help %s'", name, word, name)
		}
		var next *command
		for _, s := range c.subs {
			if s.name == word {
				next = s
			}
		}
		if next == nil {
			var usage strings.Builder
			a.familyUsage(&usage, c, name)
			unknown := strings.TrimSpace(name + " " + word)
			return &usageError{cmd: "help", msg: fmt.Sprintf("help: unknown command %q", unknown), usage: usage.String()}
		}
		c, name = next, strings.TrimSpace(name+" "+word)
	}
	return a.dispatch(c, name, []string{"--help"})
}

// familyUsage lists a family's subcommands.
func (a *app) familyUsage(w io.Writer, c *command, name string) {
	full := strings.TrimSpace("lettrage " + name)
	fmt.Fprintf(w, "Usage: %s COMMAND [flags] [arguments]\n\n", full)
	if name == "" {
		fmt.Fprintln(w, "lettrage keeps a double-entry book with lettering in a bbolt file.")
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Commands:")
	subs := append([]*command(nil), c.subs...)
	if name != "" {
		sort.SliceStable(subs, func(i, j int) bool { return subs[i].name < subs[j].name })
	}
	for _, s := range subs {
		fmt.Fprintf(w, "  %-14s %s\n", s.name, s.summary)
	}
	if name == "" {
		fmt.Fprintf(w, "  %-14s %s\n", "help", "print a command's usage")
	}
	fmt.Fprintf(w, "\nGlobal flags (on every command):\n")
	fmt.Fprintf(w, "  --book FILE    the book: a bbolt file, or postgres://…?schema=NAME (env LETTRAGE_BOOK; default ./book.db)\n")
	fmt.Fprintf(w, "  --json         print results as JSON\n")
	fmt.Fprintf(w, "  --wait D       wait at most D for a book another process has (env LETTRAGE_WAIT; default 30s)\n")
	fmt.Fprintf(w, "\nRun '%s COMMAND --help' or 'lettrage help %sCOMMAND' for a command's usage.\n", full, strings.TrimPrefix(name+" ", " "))
}

// flagSet returns a flag set holding the global flags.
func (a *app) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.bookPath, "book", a.bookPath, "the book `FILE`, or a postgres:// DSN (env LETTRAGE_BOOK)")
	fs.BoolVar(&a.json, "json", a.json, "print results as JSON")
	fs.StringVar(&a.clock, "clock", a.clock, "hidden: the book's clock, RFC 3339 or a date (env LETTRAGE_NOW)")
	fs.Var(waitFlag{a}, "wait", "how long to wait for a book another process has, as `DURATION` (30s, 2m; 0 gives up after one try of a second; env LETTRAGE_WAIT)")
	return fs
}

// waitFlag is --wait: a duration of zero or more. Given, it stands over
// LETTRAGE_WAIT, whatever that holds.
type waitFlag struct{ a *app }

func (w waitFlag) String() string {
	if w.a == nil {
		return ""
	}
	return w.a.wait.String()
}

func (w waitFlag) Set(s string) error {
	d, err := parseWait(s)
	if err == nil {
		w.a.wait, w.a.waitSet = d, true
	}
	return err
}

// resolveWait sets the wait from LETTRAGE_WAIT when --wait was not given.
// It is read when a book is opened, as LETTRAGE_NOW is, so that a
// malformed value fails only the commands it would change.
func (a *app) resolveWait() error {
	if a.waitSet || a.waitEnv == "" {
		return nil
	}
	d, err := parseWait(a.waitEnv)
	if err != nil {
		return fmt.Errorf("LETTRAGE_WAIT: %w (or give --wait)", err)
	}
	a.wait, a.waitSet = d, true
	return nil
}

// parseWait reads a wait: a Go duration (30s, 2m, 1m30s) of zero or more,
// or a bare 0.
func parseWait(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not a duration: give one such as 30s, 2m or 0", s)
	case d < 0:
		return 0, fmt.Errorf("%q is negative: give the longest wait, 0 or more", s)
	}
	return d, nil
}

// familyFlagSet returns a flag set holding the global flags and the help
// flag, for a family of commands (and help): the help flag is parsed as
// one flag among the others, so that the value of a global flag is never
// taken for a help flag or a command, wherever they sit. help is set when
// the help flag was given.
func (a *app) familyFlagSet(name string) (fs *flag.FlagSet, help *bool) {
	fs = a.flagSet(name)
	fs.Usage = func() {}
	h := new(helpFlag)
	fs.Var(h, "h", "print the usage")
	fs.Var(h, "help", "print the usage")
	return fs, (*bool)(h)
}

// helpFlag is -h, --h, -help or --help with or without a value: as the
// flag package reads them on a leaf command (flag.ErrHelp), any value,
// "--help=false" too, asks for help.
type helpFlag bool

func (h *helpFlag) String() string   { return "" }
func (h *helpFlag) IsBoolFlag() bool { return true }

func (h *helpFlag) Set(string) error {
	*h = true
	return nil
}

// globalFlags are the flags of every command (flagSet).
var globalFlags = map[string]bool{"book": true, "json": true, "clock": true, "wait": true}

// hiddenFlags are not listed in usage.
var hiddenFlags = map[string]bool{"clock": true}

// leaf describes a leaf command for its usage text.
type leaf struct {
	name  string // full name, "report trial"
	args  string // "FILE", "[NUMBER...]"
	about string // what it does, one paragraph or more
}

// parse parses a leaf command's flags, interleaved with its arguments, and
// checks the number of arguments (max < 0: no limit).
func (a *app) parse(fs *flag.FlagSet, l leaf, args []string, min, max int) ([]string, error) {
	fs.Usage = func() {}
	rest, err := a.parseFlags(fs, l.name, args, false)
	if errors.Is(err, errHelp) {
		leafUsage(a.stdout, fs, l)
	}
	var ue *usageError
	if errors.As(err, &ue) { // an unknown or malformed flag
		var b strings.Builder
		leafUsage(&b, fs, l)
		ue.usage = b.String()
	}
	if err != nil {
		return nil, err
	}
	switch {
	case len(rest) < min:
		return nil, usagef(l.name, "%s: missing argument %s", l.name, l.args)
	case max >= 0 && len(rest) > max:
		return nil, usagef(l.name, "%s: unexpected argument %q", l.name, rest[max])
	}
	return rest, nil
}

// parseFlags parses flags anywhere among the arguments (a family stops at
// its first argument, the subcommand's name) and returns the arguments.
// Everything after "--" is an argument.
func (a *app) parseFlags(fs *flag.FlagSet, name string, args []string, stopAtArg bool) ([]string, error) {
	defer onceFlags(fs)()
	rest, err := a.parseFlagsOf(fs, name, args, stopAtArg)
	if err != nil {
		return nil, err
	}
	var twice string
	fs.Visit(func(f *flag.Flag) {
		if !globalFlags[f.Name] {
			return
		}
		if a.globalsGiven[f.Name] && twice == "" {
			twice = f.Name
		}
		if a.globalsGiven == nil {
			a.globalsGiven = map[string]bool{}
		}
		a.globalsGiven[f.Name] = true
	})
	if twice != "" && twice != "json" {
		return nil, usagef(name, "--%s given more than once (before and after the command's name): it takes one value", twice)
	}
	return rest, nil
}

// parseFlagsOf is parseFlags without its checks of repeated flags.
func (a *app) parseFlagsOf(fs *flag.FlagSet, name string, args []string, stopAtArg bool) ([]string, error) {
	var tail []string
	if i := slices.Index(args, "--"); i >= 0 && !stopAtArg {
		args, tail = args[:i], args[i+1:]
	}
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			// A negative number among the arguments ("rate set USD
			// 2026-03-01 -1.1") is an argument, which the command
			// refuses with its own reason: no flag's name begins with a
			// digit. The flags before it are parsed; go on after it.
			if i := len(args) - len(fs.Args()) - 1; i >= 0 && i < len(args) && negativeNumber(args[i]) &&
				err.Error() == "flag provided but not defined: "+args[i] { // not a flag's value refused
				rest, args = append(rest, args[i]), fs.Args()
				continue
			}
			var twice string
			fs.VisitAll(func(f *flag.Flag) {
				if o, ok := f.Value.(*onceValue); ok && o.twice {
					twice = f.Name
				}
			})
			if twice != "" {
				return nil, usagef(name, "--%s given more than once: it takes one value", twice)
			}
			return nil, usagef(name, "%v", err)
		}
		args = fs.Args()
		if stopAtArg || len(args) == 0 {
			return append(append(rest, args...), tail...), nil
		}
		rest, args = append(rest, args[0]), args[1:]
	}
}

// negativeNumber reports whether s reads as a negative number: a minus
// sign followed by a digit, or by a decimal separator and a digit.
func negativeNumber(s string) bool {
	s, ok := strings.CutPrefix(s, "-")
	if !ok {
		return false
	}
	if len(s) > 1 && (s[0] == '.' || s[0] == ',') {
		s = s[1:]
	}
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// onceFlags makes each flag of fs that takes one value refuse a second
// (the flag package keeps the last: "--amount 50 --amount 120" paid 120)
// until the function it returns puts the flags back as they were. Flags
// that gather values (listFlag, multiFlag, tolerancesFlag) and switches
// may repeat.
func onceFlags(fs *flag.FlagSet) func() {
	type boolFlag interface{ IsBoolFlag() bool }
	var restore []func()
	fs.VisitAll(func(f *flag.Flag) {
		switch v := f.Value.(type) {
		case *listFlag, *multiFlag, *tolerancesFlag:
			return
		case boolFlag:
			if v.IsBoolFlag() {
				return
			}
		}
		orig := f.Value
		f.Value = &onceValue{Value: orig}
		restore = append(restore, func() { f.Value = orig })
	})
	return func() {
		for _, r := range restore {
			r()
		}
	}
}

// onceValue is a flag value that takes one value.
type onceValue struct {
	flag.Value
	set   bool
	twice bool // refused a second value (the flag package's message names the flag "-name")
}

func (o *onceValue) Set(s string) error {
	if o.set {
		o.twice = true
		return errors.New("given more than once: it takes one value")
	}
	o.set = true
	return o.Value.Set(s)
}

// leafUsage prints a leaf command's usage and flags.
func leafUsage(w io.Writer, fs *flag.FlagSet, l leaf) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n\nFlags:\n", strings.TrimSpace("lettrage "+l.name+" [flags] "+l.args), strings.TrimSpace(l.about))
	fs.VisitAll(func(f *flag.Flag) {
		if hiddenFlags[f.Name] {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		switch name {
		case "string":
			name = "TEXT"
		case "int":
			name = "N"
		case "value":
			name = "VALUE"
		}
		head := "  --" + f.Name
		if name != "" {
			head += " " + name
		}
		// A global flag's "default" is its value so far on the command
		// line (flagSet): not a default to show.
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" && !globalFlags[f.Name] {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		if len(head) <= 22 {
			fmt.Fprintf(w, "%-23s%s\n", head, usage)
		} else {
			fmt.Fprintf(w, "%s\n%23s%s\n", head, "", usage)
		}
	})
}

// listFlag is a repeatable flag; each value may also hold several items
// separated by commas.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// multiFlag is a repeatable flag whose values are kept whole (a value may
// hold a decimal comma).
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, " ") }

func (m *multiFlag) Set(s string) error {
	*m = append(*m, s)
	return nil
}

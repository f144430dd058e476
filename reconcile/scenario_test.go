package reconcile_test

import (
	"bufio"
	"errors"
	"fmt"
	"github.com/lettrage/lettrage/internal/booktx"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// TestScenarios runs every testdata/scenarios/*.txt file on both stores.
// A scenario is one command per line (see testdata/scenarios/README.md);
// documents get names, lines are NAME (first line) or NAME.i, and a line
// starting with "! ErrName" expects that error and an unchanged store.
// Check runs after every command.
func TestScenarios(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			company := scenarioCompany(t, file)
			for _, s := range stores {
				t.Run(s.Name, func(t *testing.T) {
					runScenario(t, newFixtureIn(t, s.Open(t), company), file)
				})
			}
		})
	}
}

// scenarioCompany is the company currency a scenario asks for on its first
// command, "company CUR", EUR otherwise.
func scenarioCompany(t *testing.T, file string) currency.Currency {
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if code, ok := strings.CutPrefix(line, "company "); ok {
			return currency.MustLookup(strings.TrimSpace(code))
		}
		break
	}
	return eur
}

// scenarioErrors are the errors a scenario may expect, by name.
var scenarioErrors = map[string]error{
	"ErrAccount": reconcile.ErrAccount, "ErrPartner": reconcile.ErrPartner, "ErrNotReconcilable": reconcile.ErrNotReconcilable,
	"ErrMatched": reconcile.ErrMatched, "ErrNothingToLetter": reconcile.ErrNothingToLetter, "ErrOverAllocation": reconcile.ErrOverAllocation,
	"ErrAmount": reconcile.ErrAmount, "ErrNotLettered": reconcile.ErrNotLettered, "ErrTolerance": reconcile.ErrTolerance,
	"ErrCleared": reconcile.ErrCleared, "ErrMarkPaid": reconcile.ErrMarkPaid, "ErrNotFound": reconcile.ErrNotFound,
	"ErrNotDocument": reconcile.ErrNotDocument, "ErrLettered": ledger.ErrLettered, "ErrAlreadyReversed": ledger.ErrAlreadyReversed,
	"ErrIdempotencyConflict": reconcile.ErrIdempotencyConflict, "ErrNotPosted": reconcile.ErrNotPosted, "ErrReversalPair": reconcile.ErrReversalPair,
	"ErrNoFiscalYear": ledger.ErrNoFiscalYear, "ErrDiscount": reconcile.ErrDiscount, "ErrSettled": reconcile.ErrSettled,
	"ErrStale": reconcile.ErrStale, "ErrScope": reconcile.ErrScope, "ErrRules": reconcile.ErrRules,
}

type scenario struct {
	t     *testing.T
	f     *fixture
	docs  map[string]journal.Entry
	last  reconcile.Result
	ops   map[string]journal.ID
	units map[string]currency.Currency
	tol   []currency.Amount
	// Automatic lettering: the last proposals, apply and run.
	props   reconcile.Proposals
	applied reconcile.Applied
	summary reconcile.AutoSummary
}

func runScenario(t *testing.T, f *fixture, file string) {
	fh, err := os.Open(file)
	require.NoError(t, err)
	defer fh.Close()
	s := &scenario{t: t, f: f, docs: map[string]journal.Entry{}, ops: map[string]journal.ID{}, units: map[string]currency.Currency{},
		tol: []currency.Amount{currency.MustParse(f.book.Currency(), "0.05")}}
	s.run(filepath.Base(file), fh)
}

// run runs a scenario's lines, each named in failures by name and its
// line number: a line expecting an error must write nothing, any other
// must leave a book that Check passes.
func (s *scenario) run(name string, r io.Reader) {
	t, f := s.t, s.f
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := fmt.Sprintf("%s:%d: %s", name, n, line)
		fields := strings.Fields(line)
		var want error
		if fields[0] == "!" {
			want = scenarioErrors[fields[1]]
			require.NotNil(t, want, "%s: unknown error name", where)
			fields = fields[2:]
		}
		before := f.snapshot(t)
		err := s.do(fields)
		if want != nil {
			require.ErrorIs(t, err, want, where)
			f.unchanged(t, before)
			continue
		}
		require.NoError(t, err, where)
		require.NoError(t, f.book.Check(ctx), where)
	}
	require.NoError(t, sc.Err())
}

// args splits key=value options from positional fields.
func args(fields []string) (pos []string, opt map[string]string) {
	opt = map[string]string{}
	for _, f := range fields {
		if k, v, ok := strings.Cut(f, "="); ok && k != "" {
			opt[k] = v
		} else {
			pos = append(pos, f)
		}
	}
	return pos, opt
}

func (s *scenario) do(fields []string) error {
	cmd, pos, opt := fields[0], []string(nil), map[string]string(nil)
	pos, opt = args(fields[1:])
	need := func(n int) {
		require.GreaterOrEqual(s.t, len(pos), n, "%s needs %d arguments", cmd, n)
	}
	t, f := s.t, s.f
	switch cmd {
	case "invoice", "creditnote", "bill", "billcredit": // [cur=USD] [eur=COMPANY]
		need(4)
		s.docs[pos[0]] = s.document(cmd, pos[1], date(t, pos[2]), pos[3], opt)
	case "sale", "purchase", "salecredit", "purchasecredit": // NAME PARTNER DATE AMOUNT@RATE[e]… [perline=1]: built with taxes
		need(4)
		s.docs[pos[0]] = s.taxedDocument(cmd, pos[1], date(t, pos[2]), pos[3:], opt)
	case "rate": // CUR DATE RATE
		need(3)
		return f.book.SetRate(ctx, s.currency(pos[0]), date(t, pos[1]), currency.MustParseRate(pos[2]))
	case "company": // CUR: read before the book is made (scenarioCompany)
	case "unit": // CODE DIGITS: a unit of account
		need(2)
		n, err := strconv.Atoi(pos[1])
		require.NoError(t, err)
		u, err := currency.NewUnit(pos[0], n)
		require.NoError(t, err)
		s.units[pos[0]] = u
		return f.book.AddUnit(ctx, u)
	case "tolerance": // AMOUNT [cur=C]: a write-off tolerance, replacing that currency's
		need(1)
		tol := s.money(pos[0], opt["cur"])
		s.tol = slices.DeleteFunc(s.tol, func(a currency.Amount) bool { return a.Currency() == tol.Currency() })
		s.tol = append(s.tol, tol)
		r, err := reconcile.New(ctx, f.book, reconcile.Config{Tolerance: s.tol})
		require.NoError(t, err)
		f.rec = r
	case "instalments": // NAME PARTNER DATE DUE:AMOUNT...
		need(4)
		x := journal.Entry{Journal: "VT", Date: date(t, pos[2]), Type: journal.TypeInvoice}
		total := currency.Zero(s.currency(""))
		for _, part := range pos[3:] {
			due, amount, _ := strings.Cut(part, ":")
			x.Lines = append(x.Lines, journal.Line{Account: "411000", Partner: pos[1], DueDate: date(t, due), Balance: s.money(amount, "")})
			total, _ = total.Add(s.money(amount, ""))
		}
		x.Lines = append(x.Lines, journal.Line{Account: "706000", Balance: total.Neg()})
		s.docs[pos[0]] = f.post(t, x)
	case "pay", "paysupplier", "payout": // NAME PARTNER JOURNAL DATE AMOUNT|- DOC... [agreed=RATE]: in, out, out
		need(5)
		p := reconcile.Payment{Operation: s.op(opt), Direction: reconcile.Inbound, Partner: pos[1], Journal: pos[2],
			Date: date(t, pos[3]), Method: reconcile.MethodTransfer, Invoices: s.ids(pos[5:])}
		if cmd != "pay" {
			p.Direction = reconcile.Outbound
		}
		if opt["agreed"] != "" {
			p.AgreedRate = currency.MustParseRate(opt["agreed"])
		}
		if pos[4] != "-" {
			p.Amount = s.money(pos[4], opt["cur"])
		}
		if opt["eur"] != "" {
			p.CompanyAmount = s.money(opt["eur"], "")
		}
		p.EarlyDiscount = opt["discount"] != ""
		p.Ref, p.Label = s.text(opt["ref"]), s.text(opt["label"])
		return s.result(pos[0], func() (reconcile.Result, error) { return f.rec.RegisterPayment(ctx, p) })
	case "propose": // [account=A,B] [partner=P,Q] [rule options]: automatic lettering's proposals
		var err error
		s.props, err = f.rec.Propose(ctx, s.scope(opt), s.rules(opt))
		return err
	case "apply": // [op=NAME]: apply the last proposals
		var err error
		s.applied, err = f.rec.Apply(ctx, s.op(opt), s.props.Proposals)
		return err
	case "auto": // [account=A] [partner=P] [rule options] [op=NAME]
		var err error
		s.summary, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: s.op(opt), Scope: s.scope(opt), Rules: s.rules(opt)})
		return err
	case "letter": // REF... [writeoff=1] [limit=X] [keep=1]
		req := reconcile.Request{Operation: s.op(opt), Lines: s.refs(pos), WriteOff: opt["writeoff"] != "", KeepOrder: opt["keep"] != ""}
		if opt["agreed"] != "" {
			req.AgreedRate = currency.MustParseRate(opt["agreed"])
		}
		if opt["limit"] != "" {
			req.Limit = s.money(opt["limit"], opt["cur"])
		}
		return s.result(opt["name"], func() (reconcile.Result, error) { return f.rec.Reconcile(ctx, req) })
	case "use": // DOC CREDITREF [amount=X]
		need(2)
		u := reconcile.UseCredit{Operation: s.op(opt), Document: s.doc(pos[0]).ID, Credit: s.refs(pos[1:2])[0]}
		if opt["amount"] != "" {
			u.Amount = s.money(opt["amount"], opt["cur"])
		}
		return s.result(opt["name"], func() (reconcile.Result, error) { return f.rec.UseCredit(ctx, u) })
	case "detach":
		need(1)
		return s.result(opt["name"], func() (reconcile.Result, error) { return f.rec.Detach(ctx, s.op(opt), s.refs(pos)[0]) })
	case "unletter":
		need(1)
		return s.result(opt["name"], func() (reconcile.Result, error) { return f.rec.Unletter(ctx, s.op(opt), s.refs(pos)[0]) })
	case "unlettercode": // ACCOUNT PARTNER|- CODE
		need(3)
		return s.result(opt["name"], func() (reconcile.Result, error) {
			return f.rec.UnletterCode(ctx, s.op(opt), pos[0], dash(pos[1]), pos[2])
		})
	case "statement": // NAME JOURNAL DATE AMOUNT [partner=P] [account=A] [writeoff=1] DOC...
		need(4)
		sl := reconcile.StatementLine{Operation: s.op(opt), Journal: pos[1], Date: date(t, pos[2]), Amount: s.money(pos[3], opt["cur"]),
			Partner: opt["partner"], Account: opt["account"], Invoices: s.ids(pos[4:]), WriteOff: opt["writeoff"] != ""}
		if opt["eur"] != "" {
			sl.CompanyAmount = s.money(opt["eur"], "")
		}
		if opt["agreed"] != "" {
			sl.AgreedRate = currency.MustParseRate(opt["agreed"])
		}
		return s.result(pos[0], func() (reconcile.Result, error) { return f.rec.PostStatementLine(ctx, sl) })
	case "clear": // STMT PAY... [fees=1]
		need(1)
		c := reconcile.Clearing{Operation: s.op(opt), Statement: s.doc(pos[0]).ID, Payments: s.ids(pos[1:]), BankFees: opt["fees"] != ""}
		return s.result(opt["name"], func() (reconcile.Result, error) { return f.rec.Clear(ctx, c) })
	case "cancel":
		need(1)
		return s.result(opt["name"], func() (reconcile.Result, error) { return f.rec.CancelPayment(ctx, s.op(opt), s.doc(pos[0]).ID) })
	case "reverse":
		need(1)
		_, err := f.book.Reverse(ctx, s.doc(pos[0]).ID, ledger.ReverseOptions{})
		return err
	case "mark", "unmark": // DOC WHO
		need(2)
		m := reconcile.MarkPaid{Operation: s.op(opt), Document: s.doc(pos[0]).ID, By: pos[1], Reason: opt["reason"]}
		if cmd == "mark" {
			_, err := f.rec.MarkPaid(ctx, m)
			return err
		}
		_, err := f.rec.UnmarkPaid(ctx, m)
		return err
	case "bumpcodes": // ACCOUNT PARTNER|- N: fast-forward the letter-code counter
		need(3)
		n, err := strconv.Atoi(pos[2])
		require.NoError(t, err)
		return f.book.Update(ctx, func(tx *ledger.Tx) error {
			for i := 0; i < n; i++ {
				if _, err := booktx.Of(tx).NextCounter(reconcile.CodeCounter(pos[0], dash(pos[1]))); err != nil {
					return err
				}
			}
			return nil
		})
	case "revalue": // DATE [CUR=RATE…] [provision=1] [undo=1] [name=N]
		need(1)
		rv := reconcile.Revaluation{Operation: s.op(opt), Date: date(t, pos[0]), Provision: opt["provision"] != "", Undo: opt["undo"] != "",
			Rates: map[string]currency.Rate{}}
		for k, v := range opt {
			if len(k) >= 3 && strings.ToUpper(k) == k {
				rv.Rates[k] = currency.MustParseRate(v)
			}
		}
		return s.result(opt["name"], func() (reconcile.Result, error) { return f.rec.Revalue(ctx, rv) })
	case "lock": // DATE: general lock date
		need(1)
		return f.book.SetLockDate(ctx, ledger.LockGeneral, date(t, pos[0]), "scenario")
	default:
		return s.expect(cmd, pos, opt)
	}
	return nil
}

// expect runs an assertion command.
func (s *scenario) expect(cmd string, pos []string, opt map[string]string) error {
	t, f := s.t, s.f
	switch cmd {
	case "state": // DOC STATE RESIDUAL [mark=WHO]
		st := f.state(t, s.doc(pos[0]))
		if st.State.String() != pos[1] || st.Residual.Plain() != pos[2] {
			return fmt.Errorf("state of %s is %s, reste dû %s; want %s %s", pos[0], st.State, st.Residual.Plain(), pos[1], pos[2])
		}
		if want := opt["cur"]; want != "" && st.ResidualCurrency.Plain() != want {
			return fmt.Errorf("%s: reste dû %s in its currency, want %s", pos[0], st.ResidualCurrency, want)
		}
		if who := opt["mark"]; who != "" && (st.Mark == nil || st.Mark.By != who) {
			return fmt.Errorf("%s: want a mark by %s, got %+v", pos[0], who, st.Mark)
		}
	case "residual": // REF AMOUNT [cur=AMOUNT]: company residual, and currency residual
		var r ledger.Residual
		require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
			var err error
			r, err = tx.Residual(s.refs(pos[:1])[0])
			return err
		}))
		if got := r.Balance.Plain(); got != pos[1] {
			return fmt.Errorf("residual of %s is %s, want %s", pos[0], got, pos[1])
		}
		if want := opt["cur"]; want != "" && r.AmountCurrency.Plain() != want {
			return fmt.Errorf("currency residual of %s is %s, want %s", pos[0], r.AmountCurrency, want)
		}
	case "code": // REF CODE|-|open
		code, prov, err := f.rec.Code(ctx, s.refs(pos[:1])[0])
		if err != nil {
			return err
		}
		switch want := pos[1]; {
		case want == "open" && !prov, want == "-" && code != "", want != "open" && want != "-" && (prov || code != want):
			return fmt.Errorf("code of %s is %q (provisional %v), want %s", pos[0], code, prov, want)
		}
	case "due", "unallocated": // PARTNER AMOUNT [account=A]
		account := opt["account"]
		if account == "" {
			account = "411000"
		}
		st, err := f.rec.Statement(ctx, account, pos[0])
		if err != nil {
			return err
		}
		got := st.Due
		if cmd == "unallocated" {
			got = st.Unallocated
		}
		if got.Plain() != pos[1] {
			return fmt.Errorf("%s of %s is %s, want %s", cmd, pos[0], got.Plain(), pos[1])
		}
	case "listed": // PARTNER DOC open|credit|- [account=A]: where the partner statement lists a document
		account := opt["account"]
		if account == "" {
			account = "411000"
		}
		st, err := f.rec.Statement(ctx, account, pos[0])
		if err != nil {
			return err
		}
		id, where := s.doc(pos[1]).ID, "-"
		for _, it := range st.Open {
			if it.Ref.Entry == id {
				where = "open"
			}
		}
		for _, it := range st.Credits {
			if it.Ref.Entry == id {
				where = "credit"
			}
		}
		if where != pos[2] {
			return fmt.Errorf("%s is listed %s for %s, want %s", pos[1], where, pos[0], pos[2])
		}
	case "balance": // ACCOUNT AMOUNT [at=DATE]
		q := ledger.BalanceQuery{Account: pos[0]}
		if opt["at"] != "" {
			q.At = date(t, opt["at"])
		}
		b, err := f.book.Balance(ctx, q)
		if err != nil {
			return err
		}
		if b.Balance.Plain() != pos[1] {
			return fmt.Errorf("balance of %s is %s, want %s", pos[0], b.Balance.Plain(), pos[1])
		}
	case "entries", "partials", "undone", "matches": // N: counts in the last result
		n, _ := strconv.Atoi(pos[0])
		got := map[string]int{"entries": len(s.last.Entries), "partials": len(s.last.Partials),
			"undone": len(s.last.UndonePartial), "matches": len(s.last.Matches)}[cmd]
		if got != n {
			return fmt.Errorf("last result has %d %s, want %d", got, cmd, n)
		}
	case "line": // NAME.i ACCOUNT BALANCE [date=D]: a line of a named entry
		ref := s.refs(pos[:1])[0]
		e := s.entry(ref.Entry)
		l := e.Lines[ref.Index]
		if l.Account != pos[1] || l.Balance.Plain() != pos[2] {
			return fmt.Errorf("%s is %s %s, want %s %s", pos[0], l.Account, l.Balance.Plain(), pos[1], pos[2])
		}
		if want := opt["cur"]; want != "" && l.AmountCurrency.Plain() != want {
			return fmt.Errorf("%s carries %s, want %s", pos[0], l.AmountCurrency, want)
		}
		if opt["date"] != "" && e.Date != date(t, opt["date"]) {
			return fmt.Errorf("%s is dated %s, want %s", pos[0], e.Date, opt["date"])
		}
	case "revalued": // DATE N: items reported for a closing date
		items, err := f.rec.Revalued(ctx, date(t, pos[0]))
		if err != nil {
			return err
		}
		if n, _ := strconv.Atoi(pos[1]); len(items) != n {
			return fmt.Errorf("%d revalued items on %s, want %s: %+v", len(items), pos[0], pos[1], items)
		}
	case "vat": // FROM TO ACCOUNT BASE TAX [tax=ID]: the VAT report's total on a final account (for one tax)
		rep, err := f.rec.VATReport(ctx, date(t, pos[0]), date(t, pos[1]))
		if err != nil {
			return err
		}
		base, vat := currency.Zero(s.currency("")), currency.Zero(s.currency(""))
		for _, l := range rep.Lines {
			if l.Account == pos[2] && (opt["tax"] == "" || opt["tax"] == l.TaxID) {
				base, _ = base.Add(l.Base)
				vat, _ = vat.Add(l.Tax)
			}
		}
		if base.Plain() != pos[3] || vat.Plain() != pos[4] {
			return fmt.Errorf("VAT on %s: base %s tax %s, want %s %s", pos[2], base.Plain(), vat.Plain(), pos[3], pos[4])
		}
	case "proposals": // N [worklimit=N]
		if got := fmt.Sprint(len(s.props.Proposals)); got != pos[0] {
			return fmt.Errorf("%s proposals, want %s: %s", got, pos[0], s.describeProposals())
		}
		if w := opt["worklimit"]; w != "" && fmt.Sprint(s.props.WorkLimitReached) != w {
			return fmt.Errorf("work limit reached %d times, want %s", s.props.WorkLimitReached, w)
		}
	case "proposal": // I RULE CONFIDENCE REF... [writeoff=X] [partner=P]: the lines of proposal I, in order
		p := s.proposal(pos[0])
		if p.Rule.String() != pos[1] || p.Confidence.String() != pos[2] {
			return fmt.Errorf("proposal %s is %s/%s, want %s/%s: %s", pos[0], p.Rule, p.Confidence, pos[1], pos[2], p.Reason)
		}
		if want := s.refs(pos[3:]); !slices.Equal(p.Lines, want) {
			return fmt.Errorf("proposal %s letters %v, want %v: %s", pos[0], p.Lines, want, p.Reason)
		}
		if w := opt["writeoff"]; w != "" && (!p.WriteOff.IsSet() || p.WriteOff.Plain() != w) {
			return fmt.Errorf("proposal %s writes off %s, want %s", pos[0], p.WriteOff, w)
		}
		if w, ok := opt["partner"]; ok && p.Partner != dash(w) {
			return fmt.Errorf("proposal %s is for partner %q, want %q", pos[0], p.Partner, dash(w))
		}
	case "reason": // I WORDS...: proposal I's reason contains the words (@NAME: a document's number)
		p := s.proposal(pos[0])
		if want := s.words(pos[1:]); !strings.Contains(plainSpaces(p.Reason), want) {
			return fmt.Errorf("proposal %s says %q, want %q in it", pos[0], p.Reason, want)
		}
	case "unmatched": // REF WORDS...: a settling line left open, and why
		ref := s.refs(pos[:1])[0]
		for _, u := range s.props.Unmatched {
			if u.Line == ref {
				if want := s.words(pos[1:]); !strings.Contains(plainSpaces(u.Reason), want) {
					return fmt.Errorf("%s unmatched: %q, want %q in it", pos[0], u.Reason, want)
				}
				return nil
			}
		}
		return fmt.Errorf("%s is not listed unmatched: %+v", pos[0], s.props.Unmatched)
	case "outcome": // I ok|ErrName: how proposal I was applied
		i, err := strconv.Atoi(pos[0])
		require.NoError(t, err)
		require.Less(t, i, len(s.applied.Outcomes))
		got := s.applied.Outcomes[i].Err
		if pos[1] == "ok" {
			return got
		}
		if want := scenarioErrors[pos[1]]; !errors.Is(got, want) {
			return fmt.Errorf("proposal %d: %v, want %s", i, got, pos[1])
		}
	case "summary": // [proposals=N] [applied=N] [lines=N] [matches=N] [unmatched=N] [failed=N] [replay=1]: the last auto run
		sum := s.summary
		for k, v := range map[string]int{"proposals": sum.Proposals, "applied": sum.Applied, "lines": sum.Lines,
			"matches": sum.Matches, "unmatched": sum.UnmatchedCount, "failed": len(sum.Failed), "entries": sum.Entries} {
			if w, ok := opt[k]; ok && w != fmt.Sprint(v) {
				return fmt.Errorf("auto %s = %d, want %s", k, v, w)
			}
		}
		if opt["replay"] != "" && !sum.Replay {
			return errors.New("the last auto run is not a replay")
		}
	case "aged": // DATE PARTNER AMOUNT... [bydoc=1] [bounds=30,60] [account=A]: a row of the aged balance, per bucket
		q := reconcile.AgedQuery{At: date(t, pos[0]), ByDocumentDate: opt["bydoc"] != ""}
		if a := opt["account"]; a != "" {
			q.Accounts = []string{a}
		}
		if b := opt["bounds"]; b != "" {
			for _, x := range strings.Split(b, ",") {
				n, err := strconv.Atoi(x)
				require.NoError(t, err)
				q.Bounds = append(q.Bounds, n)
			}
		}
		a, err := f.rec.Aged(ctx, q)
		if err != nil {
			return err
		}
		var all []string
		for _, r := range a.Rows {
			if r.Partner != dash(pos[1]) {
				continue
			}
			var got []string
			for _, x := range r.Amounts {
				got = append(got, x.Plain())
			}
			if slices.Equal(got, pos[2:]) {
				return nil
			}
			all = append(all, strings.Join(got, " "))
		}
		return fmt.Errorf("aged at %s for %s: %v, want %v", pos[0], pos[1], all, pos[2:])
	case "replay": // the last result was a replay
		if !s.last.Replay {
			return errors.New("the last result is not a replay")
		}
	default:
		t.Fatalf("unknown scenario command %q", cmd)
	}
	return nil
}

// scope reads a lettering scope: account=A,B partner=P,Q, the whole book
// when neither is given.
func (s *scenario) scope(opt map[string]string) reconcile.Scope {
	var sc reconcile.Scope
	if a := opt["account"]; a != "" {
		sc.Accounts = strings.Split(a, ",")
	}
	if p := opt["partner"]; p != "" {
		sc.Partners = strings.Split(p, ",")
	}
	sc.All = sc.Accounts == nil && sc.Partners == nil
	return sc
}

// rules reads rule options: noref nomount nocombo notol oldest overpay
// combo=N limit=N window=N.
func (s *scenario) rules(opt map[string]string) reconcile.Rules {
	num := func(k string) int {
		if opt[k] == "" {
			return 0
		}
		n, err := strconv.Atoi(opt[k])
		require.NoError(s.t, err)
		return n
	}
	return reconcile.Rules{NoReference: opt["noref"] != "", NoExactAmount: opt["noamount"] != "", NoCombination: opt["nocombo"] != "",
		NoTolerance: opt["notol"] != "", OldestFirst: opt["oldest"] != "", CombinationSize: num("combo"), WorkLimit: num("limit"),
		DateWindow: num("window"), WriteOffOverpayment: opt["overpay"] != ""}
}

func (s *scenario) proposal(i string) reconcile.Proposal {
	n, err := strconv.Atoi(i)
	require.NoError(s.t, err)
	require.Less(s.t, n, len(s.props.Proposals), "proposal %d of %s", n, s.describeProposals())
	return s.props.Proposals[n]
}

func (s *scenario) describeProposals() string {
	var out []string
	for _, p := range s.props.Proposals {
		out = append(out, p.Rule.String()+": "+p.Reason)
	}
	return strings.Join(out, " | ")
}

// text reads a reference or label option: "_" is a space, @NAME a
// document's number, RF@NAME the creditor reference of it.
func (s *scenario) text(v string) string {
	if v == "" {
		return ""
	}
	return s.words(strings.Split(v, "_"))
}

// words joins words with spaces, replacing @NAME by a document's number
// and RF@NAME by its ISO 11649 creditor reference.
func (s *scenario) words(ws []string) string {
	return docName.ReplaceAllStringFunc(strings.Join(ws, " "), func(m string) string {
		if name, ok := strings.CutPrefix(m, "RF@"); ok {
			doc := s.doc(name)
			rf, err := ident.CreditorReference(doc.Name())
			require.NoError(s.t, err)
			return rf
		}
		doc := s.doc(m[1:])
		return doc.Name()
	})
}

// plainSpaces turns the no-break spaces of French amounts into spaces, as
// scenario files write them.
func plainSpaces(s string) string {
	return strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(s)
}

// docName is @NAME or RF@NAME inside scenario text.
var docName = regexp.MustCompile(`(RF)?@[A-Za-z0-9+]+`)

// result runs an operation, keeps its result, and names the entries it
// posted NAME (the first), NAME+1, NAME+2….
func (s *scenario) result(name string, op func() (reconcile.Result, error)) error {
	res, err := op()
	if err != nil {
		return err
	}
	s.last = res
	if name != "" {
		for i, e := range res.Entries {
			key := name
			if i > 0 {
				key = fmt.Sprintf("%s+%d", name, i)
			}
			s.docs[key] = e
		}
	}
	return nil
}

func (s *scenario) document(kind, partner string, d journal.Date, ttc string, opt map[string]string) journal.Entry {
	x := journal.Entry{Journal: "VT", Date: d, Type: journal.TypeInvoice}
	account, sign := "411000", s.money(ttc, opt["cur"])
	if opt["cur"] != "" {
		x.Currency = sign.Currency()
	}
	due := opt["due"]
	switch kind {
	case "creditnote":
		x.Type, sign = journal.TypeCreditNote, sign.Neg()
	case "bill":
		x.Journal, account, sign = "AC", "401000", sign.Neg()
	case "billcredit":
		x.Journal, x.Type, account = "AC", journal.TypeCreditNote, "401000"
	}
	counter := "706000"
	if x.Journal == "AC" {
		counter = "607000"
	}
	l := journal.Line{Account: account, Partner: partner, AmountCurrency: sign}
	other := journal.Line{Account: counter, AmountCurrency: sign.Neg()}
	if v := opt["eur"]; v != "" { // the company amount, given: it wins over the rate
		value := s.money(v, "")
		if sign.Sign() < 0 {
			value = value.Neg()
		}
		l.Balance, other.Balance = value, value.Neg()
	}
	if due != "" {
		l.DueDate = date(s.t, due)
	}
	x.Ref = s.text(opt["ref"])
	x.Lines = []journal.Line{l, other}
	return s.f.post(s.t, x)
}

// taxedDocument builds an invoice with the journal's invoice builder: each
// line AMOUNT@RATE is a base at a VAT rate, on invoice, or on payment when
// the rate ends in "e" (TVA sur encaissements).
func (s *scenario) taxedDocument(kind, partner string, d journal.Date, specs []string, opt map[string]string) journal.Entry {
	inv := journal.Invoice{Journal: "VT", Date: d, Partner: partner, PartnerAccount: "411000", PerLineRounding: opt["perline"] != ""}
	sales := kind == "sale" || kind == "salecredit"
	switch kind {
	case "sale":
		inv.Kind = journal.CustomerInvoice
	case "salecredit":
		inv.Kind = journal.CustomerCreditNote
	case "purchase":
		inv.Kind = journal.SupplierBill
	case "purchasecredit":
		inv.Kind = journal.SupplierCreditNote
	}
	if !sales {
		inv.Journal, inv.PartnerAccount = "AC", "401000"
	}
	for _, spec := range specs {
		amount, rate, taxed := strings.Cut(spec, "@")
		account := "706000"
		if !sales {
			account = "607000"
		}
		if !taxed { // a line without tax (a rebate, a disbursement)
			inv.Lines = append(inv.Lines, journal.InvoiceLine{Label: spec, UnitPrice: s.money(amount, opt["cur"]), Account: account})
			continue
		}
		onPayment := strings.HasSuffix(rate, "e")
		rate = strings.TrimSuffix(rate, "e")
		vat := tax.Tax{ID: "V" + rate, Name: "TVA " + rate + " %", Rate: tax.MustParsePercent(rate), FinalAccount: "445710"}
		if !sales {
			vat.FinalAccount = "445660"
		}
		if onPayment {
			vat.ID, vat.Exigibility, vat.TransitionAccount = vat.ID+"E", tax.OnPayment, "445740"
			if !sales {
				vat.TransitionAccount = "445640"
			}
		}
		inv.Lines = append(inv.Lines, journal.InvoiceLine{Label: spec, UnitPrice: s.money(amount, opt["cur"]), Taxes: []tax.Tax{vat}, Account: account})
	}
	e, err := inv.Entry()
	require.NoError(s.t, err)
	return s.f.post(s.t, e)
}

// op returns the operation id named by op=NAME (reused across commands to
// test retries), or NoID.
func (s *scenario) op(opt map[string]string) journal.ID {
	name := opt["op"]
	if name == "" {
		return journal.NoID
	}
	if id, ok := s.ops[name]; ok {
		return id
	}
	s.ops[name] = journal.NewID()
	return s.ops[name]
}

func (s *scenario) doc(name string) journal.Entry {
	e, ok := s.docs[name]
	require.True(s.t, ok, "unknown document %s", name)
	return e
}

// entry re-reads an entry by id (documents named by results are posted).
func (s *scenario) entry(id journal.ID) journal.Entry {
	res, err := s.f.book.Entry(ctx, id)
	require.NoError(s.t, err)
	return res
}

func (s *scenario) ids(names []string) []journal.ID {
	var out []journal.ID
	for _, n := range names {
		out = append(out, s.doc(n).ID)
	}
	return out
}

// refs resolves NAME (line 0) and NAME.i.
func (s *scenario) refs(names []string) []journal.LineRef {
	var out []journal.LineRef
	for _, n := range names {
		name, idx, ok := strings.Cut(n, ".")
		i := 0
		if ok {
			var err error
			i, err = strconv.Atoi(idx)
			require.NoError(s.t, err)
		}
		out = append(out, journal.LineRef{Entry: s.doc(name).ID, Index: i})
	}
	return out
}

func date(t *testing.T, s string) journal.Date {
	d, err := journal.ParseDate(s)
	require.NoError(t, err, "date %q", s)
	return d
}

// money reads an amount in cur: an ISO currency or a unit the scenario
// added, the company currency when cur is "".
func (s *scenario) money(amount, cur string) currency.Amount {
	a, err := currency.Parse(s.currency(cur), amount)
	require.NoError(s.t, err)
	return a
}

// currency is a currency or unit by code, the company's for "".
func (s *scenario) currency(code string) currency.Currency {
	if code == "" {
		return s.f.book.Currency()
	}
	if u, ok := s.units[code]; ok {
		return u
	}
	return currency.MustLookup(code)
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

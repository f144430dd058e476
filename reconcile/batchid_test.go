package reconcile_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// biRuns are three supplier payment runs of journal BQO: A and B of one
// total (300.00), C of another (420.00).
type biRuns struct{ a, b, c reconcile.PaymentRun }

// newBiRuns makes biRuns' runs on f, in order A, B, C.
func newBiRuns(t *testing.T, f *fixture) biRuns {
	t.Helper()
	rrJournal(t, f)
	for _, s := range []struct{ code, iban, ttc string }{
		{"F1", "BE68539007547034", "100.00"}, {"F2", "NL91ABNA0417164300", "200.00"},
		{"F3", "DE89370400440532013000", "120.00"}, {"F4", "AT611904300234573201", "180.00"}, // in the EEA: a UK account needs its bank's BIC
		{"F5", "BE68539007547034", "420.00"},
	} {
		rrSupplier(t, f, s.code, "Fournisseur "+s.code, s.iban, ledger.Address{})
		rrBill(t, f, s.code, d(3, 1), d(3, 31), s.ttc, "")
	}
	run := func(partners ...string) reconcile.PaymentRun {
		r, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(4, 2), DueBy: d(4, 30), Partners: partners})
		require.NoError(t, err)
		return r
	}
	return biRuns{a: run("F1", "F2"), b: run("F3", "F4"), c: run("F5")}
}

func biPayments(run reconcile.PaymentRun) []journal.ID {
	var out []journal.ID
	for _, p := range run.Payments {
		out = append(out, p.Payment.ID)
	}
	return out
}

// TestBatchNamedByTheBank: a bank entry whose batch identification
// (camt.053 Btch: the MsgId or PmtInfId of the run's pain.001) names a
// run clears that run when the amounts agree, whatever other batch has
// its amount; naming a run of another amount, it clears none; naming
// nothing of the book, it is matched by amount as without it.
func TestBatchNamedByTheBank(t *testing.T) {
	t.Parallel()
	type entry struct {
		amount string
		batch  func(biRuns) reconcile.BankBatch
	}
	msg := func(pick func(biRuns) reconcile.PaymentRun) func(biRuns) reconcile.BankBatch {
		return func(r biRuns) reconcile.BankBatch { return reconcile.BankBatch{MsgID: pick(r).ID, Count: 2} }
	}
	pmtInf := func(pick func(biRuns) reconcile.PaymentRun, suffix string) func(biRuns) reconcile.BankBatch {
		return func(r biRuns) reconcile.BankBatch { return reconcile.BankBatch{PmtInfID: pick(r).ID + suffix} }
	}
	a := func(r biRuns) reconcile.PaymentRun { return r.a }
	b := func(r biRuns) reconcile.PaymentRun { return r.b }
	none := func(biRuns) reconcile.BankBatch { return reconcile.BankBatch{} }
	for _, c := range []struct {
		name    string
		entries []entry
		// want are the runs each entry clears (nil: none), reason the
		// first entry's reason when it is matched by its name.
		want   []func(biRuns) reconcile.PaymentRun
		reason func(biRuns) string
	}{
		{name: "MsgId names the second of two runs of the amount", entries: []entry{{"-300.00", msg(b)}},
			want:   []func(biRuns) reconcile.PaymentRun{b},
			reason: func(r biRuns) string { return "batch " + r.b.ID + " = payment run " + r.b.ID + " of 2 payments" }},
		{name: "MsgId names the first", entries: []entry{{"-300.00", msg(a)}}, want: []func(biRuns) reconcile.PaymentRun{a}},
		{name: "PmtInfId names the second", entries: []entry{{"-300.00", pmtInf(b, "-1")}},
			want:   []func(biRuns) reconcile.PaymentRun{b},
			reason: func(r biRuns) string { return "batch " + r.b.ID + "-1 = payment run " + r.b.ID + " of 2 payments" }},
		{name: "PmtInfId of a later block of the run", entries: []entry{{"-300.00", pmtInf(b, "-2")}}, want: []func(biRuns) reconcile.PaymentRun{b}},
		{name: "PmtInfId the run's MsgId", entries: []entry{{"-300.00", pmtInf(b, "")}}, want: []func(biRuns) reconcile.PaymentRun{b}},
		{name: "both ids name the second", entries: []entry{{"-300.00", func(r biRuns) reconcile.BankBatch {
			return reconcile.BankBatch{MsgID: r.b.ID, PmtInfID: r.b.ID + "-1", Count: 2}
		}}}, want: []func(biRuns) reconcile.PaymentRun{b}},
		{name: "each entry names its run, the first the second", entries: []entry{{"-300.00", msg(b)}, {"-300.00", pmtInf(a, "-1")}},
			want: []func(biRuns) reconcile.PaymentRun{b, a}},
		{name: "no identification: two runs of the amount", entries: []entry{{"-300.00", none}}, want: []func(biRuns) reconcile.PaymentRun{nil}},
		{name: "no identification: one run of the amount", entries: []entry{{"-420.00", none}},
			want: []func(biRuns) reconcile.PaymentRun{func(r biRuns) reconcile.PaymentRun { return r.c }}},
		{name: "names a run of another amount: not the run of its amount", entries: []entry{{"-420.00", msg(b)}},
			want: []func(biRuns) reconcile.PaymentRun{nil}},
		{name: "names a run, less than its total (a transfer rejected)", entries: []entry{{"-120.00", pmtInf(b, "-1")}},
			want: []func(biRuns) reconcile.PaymentRun{nil}},
		{name: "names a run an earlier entry cleared: not the other of its amount", entries: []entry{{"-300.00", msg(b)}, {"-300.00", msg(b)}},
			want: []func(biRuns) reconcile.PaymentRun{b, nil}},
		{name: "ids naming two runs", entries: []entry{{"-300.00", func(r biRuns) reconcile.BankBatch {
			return reconcile.BankBatch{MsgID: r.a.ID, PmtInfID: r.b.ID + "-1"}
		}}}, want: []func(biRuns) reconcile.PaymentRun{nil}},
		{name: "an unknown MsgId is as none", entries: []entry{{"-420.00", func(biRuns) reconcile.BankBatch { return reconcile.BankBatch{MsgID: "MSGSCT0099"} }}},
			want: []func(biRuns) reconcile.PaymentRun{func(r biRuns) reconcile.PaymentRun { return r.c }}},
		{name: "a PmtInfId whose suffix is no rank is as none", entries: []entry{{"-420.00", pmtInf(b, "-01")}, {"-300.00", pmtInf(b, "-x")}},
			want: []func(biRuns) reconcile.PaymentRun{func(r biRuns) reconcile.PaymentRun { return r.c }, nil}},
		{name: "a PmtInfId of the run's prefix is as none", entries: []entry{{"-300.00", func(r biRuns) reconcile.BankBatch {
			return reconcile.BankBatch{PmtInfID: r.b.ID[:10] + "-1"}
		}}}, want: []func(biRuns) reconcile.PaymentRun{nil}},
	} {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				runs := newBiRuns(t, f)
				s := reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "S1", Currency: eur, Opening: e("5000.00"),
					OpeningDate: d(4, 3), ClosingDate: d(4, 3)}
				closing := s.Opening
				for i, x := range c.entries {
					closing = mustAddT(t, closing, e(x.amount))
					s.Entries = append(s.Entries, reconcile.BankEntry{Ref: "E" + string(rune('1'+i)), BookingDate: d(4, 3), Amount: e(x.amount),
						Label: "VIR SEPA EMIS", Batch: x.batch(runs)})
				}
				s.Closing = closing
				_, err := f.rec.ImportStatement(ctx, s)
				require.NoError(t, err)
				kept, err := f.rec.Statements(ctx, "BQO")
				require.NoError(t, err)
				require.Equal(t, s, kept[0], "the batch identification reads back as imported")
				props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
				require.NoError(t, err)
				require.Len(t, props, len(c.entries))
				for i, want := range c.want {
					p := props[i]
					if want == nil {
						assert.False(t, p.Matched, "entry %d: %s", i+1, rvDescribe(p))
						continue
					}
					require.True(t, p.Matched, "entry %d: %s", i+1, rvDescribe(p))
					assert.ElementsMatch(t, biPayments(want(runs)), p.Target.Payments, "entry %d: %s", i+1, rvDescribe(p))
				}
				if c.reason != nil {
					assert.Equal(t, c.reason(runs), props[0].Reason)
					assert.Equal(t, reconcile.ExactReference, props[0].Confidence)
				}
				var matched []reconcile.ImportedProposal
				for _, p := range props {
					if p.Matched {
						matched = append(matched, p)
					}
				}
				outs, err := f.rec.ApplyImported(ctx, journal.NoID, matched)
				require.NoError(t, err)
				for i, o := range outs {
					require.NoError(t, o.Err, matched[i].Reason)
				}
				require.NoError(t, f.book.Check(ctx))
			})
		})
	}
}

// TestBatchIdentificationReimport: a statement imported before its
// entries had their batch identification (an older reader) is the same
// statement when read again with it: importing it again writes nothing.
// Other ids than those kept are other content.
func TestBatchIdentificationReimport(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		s := reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "S1", Currency: eur, Opening: e("0.00"), Closing: e("-300.00"),
			OpeningDate: d(4, 3), ClosingDate: d(4, 3), Entries: []reconcile.BankEntry{
				{Ref: "E1", BookingDate: d(4, 3), Amount: e("-300.00"), Label: "VIR SEPA EMIS"}}}
		got, err := f.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		require.True(t, got.New)
		withBatch := s
		withBatch.Entries = slices.Clone(s.Entries)
		withBatch.Entries[0].Batch = reconcile.BankBatch{MsgID: "RUN-0123456789abcdef", PmtInfID: "RUN-0123456789abcdef-1", Count: 2}
		got, err = f.rec.ImportStatement(ctx, withBatch)
		require.NoError(t, err)
		require.False(t, got.New)
		kept, err := f.rec.Statements(ctx, "BQO")
		require.NoError(t, err)
		require.Equal(t, s, kept[0], "kept as first imported")

		withBatch.ID = "S2"
		withBatch.Opening, withBatch.Closing = withBatch.Closing, e("-600.00")
		_, err = f.rec.ImportStatement(ctx, withBatch)
		require.NoError(t, err)
		other := withBatch
		other.Entries = slices.Clone(withBatch.Entries)
		other.Entries[0].Batch.PmtInfID = "RUN-0123456789abcdef-2"
		_, err = f.rec.ImportStatement(ctx, other)
		require.ErrorIs(t, err, reconcile.ErrStatement)
		require.Contains(t, err.Error(), "other content")
		other.Entries[0].Batch = reconcile.BankBatch{}
		_, err = f.rec.ImportStatement(ctx, other)
		require.ErrorIs(t, err, reconcile.ErrStatement, "kept with its ids, read again without")

		bad := withBatch
		bad.ID = "S3"
		bad.Opening, bad.Closing = e("-600.00"), e("-900.00")
		bad.Entries = slices.Clone(withBatch.Entries)
		bad.Entries[0].Batch.MsgID = "RUN\x01"
		_, err = f.rec.ImportStatement(ctx, bad)
		require.ErrorIs(t, err, reconcile.ErrStatement, "a control character")
		bad.Entries[0].Batch = reconcile.BankBatch{MsgID: "RUN-1", Count: -1}
		_, err = f.rec.ImportStatement(ctx, bad)
		require.ErrorIs(t, err, reconcile.ErrStatement, "a negative count")
	})
}

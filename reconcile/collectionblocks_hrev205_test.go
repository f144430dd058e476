package reconcile_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a bank books a pain.008 per payment information block (one RCUR remise, one OOFF remise); the statement line naming PmtInfId "<run>-1" with the RCUR block's total 350.00 is left unmatched (expected: it clears C1's and C2's collections, as a payment run's block line does through runRest), so the invoices stay in_payment
func TestHrev205CollectionClearedPerBlock(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		h201Mandate(t, f, "C1", "NL91ABNA0417164300", "RUM-C1", false)
		a := h201Invoice(t, f, "C1", d(3, 1), d(3, 20), "100.00", "FA-1")
		b := h201Invoice(t, f, "C2", d(3, 1), d(3, 20), "250.00", "FA-2")
		c := h201Invoice(t, f, "C3", d(3, 1), d(3, 20), "300.00", "FA-3")
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		require.Len(t, run.Collections, 3)
		file := h205File(t, f, run)
		// The file's blocks: RCUR (C1, C2: 350,00) then OOFF (C3: 300,00).
		require.Contains(t, file, "<PmtInfId>"+run.ID+"-1</PmtInfId>")
		rcur := file[strings.Index(file, "<PmtInfId>"+run.ID+"-1"):strings.Index(file, "<PmtInfId>"+run.ID+"-2")]
		require.Contains(t, rcur, "<CtrlSum>350.00</CtrlSum>")
		l1 := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 25), Amount: e("350.00"), Label: "REMISE PRLV SEPA RCUR",
			Batch: reconcile.BankBatch{MsgID: run.ID, PmtInfID: run.ID + "-1", Count: 2}}
		l2 := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 25), Amount: e("300.00"), Label: "REMISE PRLV SEPA OOFF",
			Batch: reconcile.BankBatch{MsgID: run.ID, PmtInfID: run.ID + "-2", Count: 1}}
		props := retImport(t, f, retStatement(t, "S1", "0.00", l1, l2))
		p1 := hrev45Find(t, props, "L1")
		p2 := hrev45Find(t, props, "L2")
		assert.True(t, p1.Matched, rvDescribe(p1))
		assert.True(t, p2.Matched, rvDescribe(p2))
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.Paid, f.state(t, a).State)
		assert.Equal(t, reconcile.Paid, f.state(t, b).State)
		assert.Equal(t, reconcile.Paid, f.state(t, c).State)
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		f.check(t)
	})
}

package bank_test

// h-rev37: review of the CFONB 120 reader's change in 32c3d95..828006d
// (another bank code of the group, LC2 continuing LCC, a record repeating
// the one before read once, RCN as given, NPY/NBE by direction). Tests
// marked "Was failing, fixed" failed on the code reviewed; the others
// are pins.

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
)

const (
	hrev37Open  = "0130003    01234EUR2 01234567890  120124                                                  0000010173118I                "
	hrev37Close = "0730003    01234EUR2 01234567890  130124                                                  0000010166747F                "
	// a movement of 617,14 € out (M: negative 4); hrev37In turns it in.
	hrev37Out = "0430003029101234EUR2E01234567890B1130124  130124PRLV SEPA ENERGIE OUEST          0000000000000000006171M                "
	hrev37Pre = "0530003029101234EUR2E01234567890B1130124     "
)

func hrev37In() string { return strings.Replace(hrev37Out, "6171M", "6171D", 1) }

// hrev37Rec05 is a record 05 of qualifier q and information info.
func hrev37Rec05(q, info string) string {
	r := hrev37Pre + q + info
	return r + strings.Repeat(" ", 120-len(r))
}

// hrev37Tx reads a statement of one movement with its complements and
// returns its transaction.
func hrev37Tx(t *testing.T, mvt string, recs ...string) reconcile.BankTransaction {
	t.Helper()
	closing := strings.Replace(hrev37Close, "0000010166747F", "0000010166947E", 1) // 1 016 694,75 €
	if mvt[103] == 'D' {
		closing = strings.Replace(hrev37Close, "0000010166747F", "0000010179290C", 1) // 1 017 929,03 €
	}
	file := strings.Join(append(append([]string{hrev37Open, mvt}, recs...), closing), "\n") + "\n"
	ss, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 1)
	require.Len(t, ss[0].Entries, 1)
	require.Len(t, ss[0].Entries[0].Transactions, 1)
	return ss[0].Entries[0].Transactions[0]
}

// Pin: two LCC/LC2 pairs, each LC2 continuing its LCC mid-word; an LC2
// with no LCC before it is its own text.
func TestHrev37CFONBTwoLCCPairs(t *testing.T) {
	a := strings.Repeat("A", 66) + "1234"
	b := strings.Repeat("B", 66) + "5678"
	tx := hrev37Tx(t, hrev37In(), hrev37Rec05("LCC", a), hrev37Rec05("LC2", "90 FIN"), hrev37Rec05("LCC", b), hrev37Rec05("LC2", "90"))
	assert.Equal(t, a+"90 FIN "+b+"90", tx.Remittance)

	tx = hrev37Tx(t, hrev37In(), hrev37Rec05("LIB", "VIR SEPA"), hrev37Rec05("LC2", "SUITE"))
	assert.Equal(t, "VIR SEPA SUITE", tx.Remittance)
}

// Pin: money in, the payer alone given: the payer is the counterparty;
// money out, the payer alone (the holder): none.
func TestHrev37CFONBPayerByDirection(t *testing.T) {
	assert.Equal(t, "ALPHA SARL", hrev37Tx(t, hrev37In(), hrev37Rec05("NPY", "ALPHA SARL")).Counterparty)
	assert.Empty(t, hrev37Tx(t, hrev37Out, hrev37Rec05("NPY", "SARL EXEMPLE")).Counterparty)
	assert.Equal(t, "ENERGIE", hrev37Tx(t, hrev37Out, hrev37Rec05("NBE", "ENERGIE"), hrev37Rec05("NPY", "SARL EXEMPLE")).Counterparty)
}

// Pin: another bank code on the movement and its complements is read;
// another branch, or another account number, is refused.
func TestHrev37CFONBOtherAccountRefused(t *testing.T) {
	other := "0410278" + hrev37Out[7:]
	tx := hrev37Tx(t, other, "05"+"10278"+hrev37Rec05("NPY", "X")[7:])
	assert.Empty(t, tx.Counterparty)

	for name, rec := range map[string]string{
		"05 of another branch":  hrev37Rec05("LIB", "X")[:11] + "01235" + hrev37Rec05("LIB", "X")[16:],
		"05 of another account": hrev37Rec05("LIB", "X")[:21] + "01234567891" + hrev37Rec05("LIB", "X")[32:],
		"04 of another branch":  hrev37Out[:11] + "01235" + hrev37Out[16:],
	} {
		file := strings.Join([]string{hrev37Open, hrev37Out, rec, hrev37Close}, "\n") + "\n"
		_, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
		require.Error(t, err, name)
		assert.True(t, errors.Is(err, bank.ErrFormat), name)
	}
}

// Pin: the RCN's 35 characters as given, inner spaces kept, outer ones
// trimmed; a LIB then an LCC of the same text read once, the LC2 joined.
func TestHrev37CFONBRCNAndRepeat(t *testing.T) {
	first := "ENERGIE OUEST - Facture: 55501234 - Contrat: 40001122 - Client: 000077"
	tx := hrev37Tx(t, hrev37Out, hrev37Rec05("RCN", "  AB  CD"+strings.Repeat(" ", 27)+"PURPOSE"),
		hrev37Rec05("LIB", first), hrev37Rec05("LCC", first), hrev37Rec05("LC2", "89"))
	assert.Equal(t, "AB  CD", tx.EndToEndID)
	assert.Equal(t, first+"89", tx.Remittance)
}

// The LIB giving the remittance's first 70 characters after the LCC and
// LC2 (the order some banks write them in): the first 70 are read twice.
//
// Was failing, fixed: reads "… Client: 00007789 ENERGIE OUEST - … Client: 000077".
// The change says (CHANGELOG, Fixed) the remittance was read "twice when
// a LIB record gave its first 70 characters too" and is now read once;
// the check compares a LIB only with the record just before it, so the
// same LIB after the LC2 — the LCC's text, which the LC2 continues — is
// appended again. Expected: the joined text once, whatever the order of
// LIB and the LCC/LC2 pair.
func TestHrev37CFONBLIBAfterLCCAndLC2(t *testing.T) {
	first := "ENERGIE OUEST - Facture: 55501234 - Contrat: 40001122 - Client: 000077"
	tx := hrev37Tx(t, hrev37Out, hrev37Rec05("LCC", first), hrev37Rec05("LC2", "89"), hrev37Rec05("LIB", first))
	assert.Equal(t, first+"89", tx.Remittance)
}

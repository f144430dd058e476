package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// The files of these tests reproduce the shapes real banks send, with our
// own data: version .04 with a batch, a foreign-currency transfer and a
// return; version .10 in ISO-8859-1 over two accounts and two days;
// version .06 with a byte order mark, CRLF line ends and missing or
// repeated references.

func readCamt(t *testing.T, name string) []reconcile.BankStatement {
	t.Helper()
	ss, err := bank.ReadCamt053(strings.NewReader(readFile(t, name)), bank.ReadOptions{})
	require.NoError(t, err, name)
	return ss
}

func TestCamt053V04Batch(t *testing.T) {
	ss := readCamt(t, "camt053-04-batch.xml")
	require.Len(t, ss, 1)
	s := ss[0]
	assert.Equal(t, "FR7630004008230001012345669", string(s.Account))
	assert.Equal(t, "EUR", s.Currency.Code(), "the balances give the currency the account does not")
	assert.Equal(t, "2500.00", s.Opening.Plain())
	assert.Equal(t, "2026-04-01", s.OpeningDate.String(), "OPBD rather than PRCD")
	assert.Equal(t, "2452.60", s.Closing.Plain())
	require.Len(t, s.Entries, 4, "the INFO entry is not on the balance")

	// A batch stays one entry, its transactions each with its amount,
	// party and remittance.
	batch := s.Entries[0]
	assert.Equal(t, "B04-0403-001", batch.Ref)
	assert.Equal(t, "400.00", batch.Amount.Plain())
	assert.Equal(t, "PMNT/RCDT/ESCT", batch.BankCode)
	assert.Equal(t, "REMISE VIREMENTS SEPA 3 OPERATIONS", batch.Label)
	require.Len(t, batch.Transactions, 3)
	a, b, g := batch.Transactions[0], batch.Transactions[1], batch.Transactions[2]
	assert.Equal(t, "100.00", a.Amount.Plain())
	assert.Equal(t, "CLI-ALPHA-77", a.EndToEndID)
	assert.Equal(t, "Alpha Menuiserie", a.Counterparty)
	assert.Equal(t, "BE68539007547034", string(a.CounterpartyIBAN))
	assert.Equal(t, "FACTURES VT/2026/00040 ET VT/2026/00041", a.Remittance, "Ustrd lines joined")
	assert.Equal(t, "250.50", b.Amount.Plain())
	assert.Empty(t, b.EndToEndID)
	assert.Equal(t, "RF492026000457", b.CreditorRef)
	assert.Equal(t, "VT/2026/00042", b.Remittance, "the referred document stands for missing Ustrd")
	assert.Equal(t, "49.50", g.Amount.Plain())
	assert.Equal(t, "Gamma Plomberie", g.Counterparty, "a name over two lines")
	assert.Equal(t, "ACOMPTE DEVIS 118", g.Remittance)

	// Paid in dollars: the transaction's amount is the one booked in euros
	// (the charges are on the entry).
	fx := s.Entries[1]
	assert.Equal(t, "-915.40", fx.Amount.Plain())
	require.Len(t, fx.Transactions, 1)
	assert.Equal(t, "-910.40", fx.Transactions[0].Amount.Plain())
	assert.Equal(t, "Delta Tools Inc.", fx.Transactions[0].Counterparty)
	assert.Empty(t, fx.Transactions[0].CounterpartyIBAN, "a US account number is no IBAN")
	assert.Equal(t, "PO 5521", fx.Transactions[0].Remittance)

	fee := s.Entries[2]
	assert.Equal(t, "FRAIS TENUE DE COMPTE AVRIL 2026", fee.Label, "line break and tab made one space")
	assert.Empty(t, fee.Transactions)

	// A returned transfer names the parties of the transfer it undoes:
	// the counterparty is its creditor, not the account itself.
	ret := s.Entries[3]
	assert.True(t, ret.Reversal)
	assert.Equal(t, "480.00", ret.Amount.Plain())
	require.Len(t, ret.Transactions, 1)
	assert.Equal(t, "480.00", ret.Transactions[0].Amount.Plain())
	assert.Equal(t, "LTR-RUN6-0001", ret.Transactions[0].EndToEndID)
	assert.Equal(t, "Epsilon Bois", ret.Transactions[0].Counterparty)
	assert.Equal(t, "FR7630003012340005001234509", string(ret.Transactions[0].CounterpartyIBAN))
	assert.Equal(t, "COMPTE CLOS", ret.Transactions[0].Remittance)
}

func TestCamt053V10Latin1(t *testing.T) {
	ss := readCamt(t, "camt053-10-latin1.xml")
	require.Len(t, ss, 2)
	s := ss[0]
	assert.Equal(t, "FR7630006000011234567890189", string(s.Account), "the IBAN given as Othr/Id")
	// Two days in one statement: the first day's opening, the last's closing.
	assert.Equal(t, "100.00", s.Opening.Plain())
	assert.Equal(t, "2026-05-04", s.OpeningDate.String())
	assert.Equal(t, "-320.00", s.Closing.Plain())
	assert.Equal(t, "2026-05-05", s.ClosingDate.String())
	require.Len(t, s.Entries, 2)
	in := s.Entries[0]
	assert.Equal(t, "2026-05-04", in.BookingDate.String())
	assert.Equal(t, "Société d'Études Érable", in.Transactions[0].Counterparty, "the debtor of money in, under Pty")
	assert.Equal(t, "Règlement facture VT/2026/00050", in.Transactions[0].Remittance)
	out := s.Entries[1]
	assert.Equal(t, "Fournisseur Hêtre", out.Transactions[0].Counterparty, "the creditor of money out")
	assert.Equal(t, "Facture n° 2026-17", out.Transactions[0].Remittance)

	empty := ss[1]
	assert.Equal(t, "FR7630004008230001012345669", string(empty.Account))
	assert.Empty(t, empty.Entries)
	assert.True(t, empty.Closing.IsZero())
}

func TestCamt053V06BOM(t *testing.T) {
	ss := readCamt(t, "camt053-06-bom.xml")
	require.Len(t, ss, 1)
	s := ss[0]
	assert.Equal(t, "FR7630006000011234567890189", string(s.Account), "an IBAN in groups of four")
	assert.Equal(t, "18.15", s.Opening.Plain(), "trailing zeros past the currency's decimals")
	assert.Equal(t, "86.65", s.Closing.Plain())
	var refs []string
	for _, e := range s.Entries {
		refs = append(refs, e.Ref)
	}
	// NONREF is no reference; the second BOM-DAY is told from the first;
	// the zero entry is no movement.
	assert.Equal(t, []string{"BOM-2026-06-01#1", "BOM-DAY", "BOM-DAY/2", "BOM-2026-06-01#4"}, refs)
	assert.Equal(t, "50.00", s.Entries[0].Amount.Plain())
	assert.Equal(t, "NTRF", s.Entries[0].BankCode)
	require.Len(t, s.Entries[0].Transactions, 1)
	assert.Equal(t, "VIR DE MARTIN FRERES CLIENT 4471", s.Entries[0].Transactions[0].Remittance, "AddtlTxInf without RmtInf")
	assert.Equal(t, "Martin Freres", s.Entries[0].Transactions[0].Counterparty)
	assert.Equal(t, "2026-06-01", s.Entries[2].BookingDate.String(), "the value date when no booking date")
	assert.True(t, s.Entries[3].Reversal, "RvslInd 1")
}

// TestCamt053Encodings: the encodings an XML declaration may name.
func TestCamt053Encodings(t *testing.T) {
	good := readFile(t, "camt053-08.xml")
	for enc, name := range map[string]string{
		"ISO-8859-15":  "Dupont \xa4 SARL", // € in Latin-9
		"windows-1252": "Dupont \x80 SARL", // € in Windows-1252
		"ISO-8859-1":   "Dupont \x80 SARL", // read as Windows-1252
		"US-ASCII":     "Dupont SARL",
	} {
		f := strings.Replace(strings.Replace(good, "UTF-8", enc, 1), "Dupont SARL</Nm>", name+"</Nm>", 1)
		ss, err := bank.ReadCamt053(strings.NewReader(f), bank.ReadOptions{})
		require.NoError(t, err, enc)
		want := "Dupont € SARL"
		if enc == "US-ASCII" {
			want = "Dupont SARL"
		}
		assert.Equal(t, want, ss[0].Entries[0].Transactions[0].Counterparty, enc)
	}
	_, err := bank.ReadCamt053(strings.NewReader(strings.Replace(good, "UTF-8", "EBCDIC", 1)), bank.ReadOptions{})
	require.ErrorIs(t, err, bank.ErrFormat)
	require.Contains(t, err.Error(), `line 1: xml: opening charset "EBCDIC"`)
}

// TestCamt053LongText: a text longer than the book stores is cut, not
// refused.
func TestCamt053LongText(t *testing.T) {
	good := readFile(t, "camt053-08.xml")
	long := strings.Repeat("Facture VT/2026/00031 ", 40) // 880 characters a line
	f := strings.Replace(good, "<Ustrd>Facture VT/2026/00031</Ustrd>", "<Ustrd>"+long+"</Ustrd><Ustrd>"+long+"</Ustrd>", 1)
	ss, err := bank.ReadCamt053(strings.NewReader(f), bank.ReadOptions{})
	require.NoError(t, err)
	r := ss[0].Entries[0].Transactions[0].Remittance
	assert.LessOrEqual(t, len(r), 1024)
	assert.True(t, strings.HasPrefix(r, "Facture VT/2026/00031 Facture"))
}

// TestCamt053OtherBalances: balances not read (available, forward) do not
// fail the statement, whatever they hold.
func TestCamt053OtherBalances(t *testing.T) {
	good := readFile(t, "camt053-08.xml")
	other := `<Bal><Tp><CdOrPrtry><Cd>FWAV</Cd></CdOrPrtry></Tp><Amt Ccy="USD">12.345</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-02</Dt></Dt></Bal>`
	f := strings.Replace(good, "<Ntry>", other+"<Ntry>", 1)
	ss, err := bank.ReadCamt053(strings.NewReader(f), bank.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, "1930.00", ss[0].Closing.Plain())
}

// TestCamt053Prefixed: a file whose elements carry a namespace prefix
// (<ns2:Stmt>), as some bank software writes them, reads the same.
func TestCamt053Prefixed(t *testing.T) {
	good := readFile(t, "camt053-02.xml")
	prefixed := strings.NewReplacer("<Document xmlns=", "<ns2:Document xmlns:ns2=", "</", "</ns2:").Replace(good)
	prefixed = strings.ReplaceAll(prefixed, "<", "<ns2:")
	prefixed = strings.NewReplacer("<ns2:?", "<?", "<ns2:/ns2:", "</ns2:", "<ns2:ns2:", "<ns2:").Replace(prefixed)
	require.Contains(t, prefixed, "<ns2:Stmt>")
	want, err := bank.ReadCamt053(strings.NewReader(good), bank.ReadOptions{})
	require.NoError(t, err)
	got, err := bank.ReadCamt053(strings.NewReader(prefixed), bank.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// TestCamt053UTF16: XML saved in UTF-16 (with its byte order mark) reads
// as in UTF-8.
func TestCamt053UTF16(t *testing.T) {
	good := readFile(t, "camt053-08.xml")
	want, err := bank.ReadCamt053(strings.NewReader(good), bank.ReadOptions{})
	require.NoError(t, err)
	for name, enc := range map[string]encoding.Encoding{
		"LE": unicode.UTF16(unicode.LittleEndian, unicode.UseBOM),
		"BE": unicode.UTF16(unicode.BigEndian, unicode.UseBOM),
	} {
		b, err := enc.NewEncoder().String(strings.Replace(good, "UTF-8", "UTF-16", 1))
		require.NoError(t, err)
		got, err := bank.ReadCamt053(strings.NewReader(b), bank.ReadOptions{})
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
}

// TestCamt053Copy: a statement followed by its copy in the same file is
// read once; a different statement under the same id still follows on
// as a page.
func TestCamt053Copy(t *testing.T) {
	good := readFile(t, "camt053-08.xml")
	first := good[strings.Index(good, "<Stmt>") : strings.Index(good, "</Stmt>")+len("</Stmt>")]
	copied := strings.Replace(good, first, first+strings.Replace(first, "<ElctrncSeqNb>3</ElctrncSeqNb>", "<ElctrncSeqNb>3</ElctrncSeqNb><CpyDplctInd>DUPL</CpyDplctInd>", 1), 1)
	ss, err := bank.ReadCamt053(strings.NewReader(copied), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	assert.Len(t, ss[0].Entries, 5)
	assert.Equal(t, "STMT-2026-04", ss[1].ID)
}

// Bank runs a month of banking on a bbolt book: a supplier payment run
// written as a SEPA file (pain.001), customer cheques deposited with their
// slip, a customer's invoice collected by SEPA direct debit under its
// mandate (pain.008), the bank's camt.053 statement imported and matched — our transfers
// by their end-to-end ids, the deposit by its total, a customer by the
// reference in its transfer, another paying from an account the book does
// not know by its name and the invoice number it writes, an unknown
// receipt sent to suspense — and the documents' states before and after. The files go to a folder:
//
//	go run ./examples/bank [folder]
//
// Without an argument the folder is a temporary one, removed at the end.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
)

func main() {
	dir := ""
	if len(os.Args) > 1 {
		dir = os.Args[1]
	} else {
		tmp, err := os.MkdirTemp("", "lettrage-bank")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	if err := run(context.Background(), dir, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

var eur = currency.MustLookup("EUR")

func amt(s string) currency.Amount { return currency.MustParse(eur, s) }

func day(m time.Month, d int) journal.Date { return journal.MustDate(2026, m, d) }

const company = "Atelier Lévêque"

func run(ctx context.Context, dir string, out io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	st, err := boltstore.Open(filepath.Join(dir, "book.db"), boltstore.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	clock := func() time.Time { return time.Date(2026, 3, 31, 18, 0, 0, 0, time.UTC) }
	book, err := ledger.Create(ctx, st, ledger.Options{Currency: eur, Clock: clock})
	if err != nil {
		return err
	}
	if err := book.AddFiscalYear(ctx, ledger.CalendarYear(2026)); err != nil {
		return err
	}
	if err := book.InstallFrenchChart(ctx); err != nil {
		return err
	}
	// The company's account at the bank, booked through outstanding
	// accounts until the statement clears each payment.
	const iban = "FR7630006000011234567890189"
	if err := book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP Paribas", Kind: ledger.JournalBank, BankAccount: "512000",
		UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: iban}); err != nil {
		return err
	}
	// The partners' capital paid in on 1 March, as the bank's statement
	// opens: an operation of the year, not an opening balance.
	if _, err := book.Post(ctx, journal.Entry{Journal: "OD", Date: day(3, 1), Type: journal.TypeMisc, Label: "Apport en capital", Lines: []journal.Line{
		{Account: "512000", Balance: amt("5000.00")}, {Account: "101000", Balance: amt("-5000.00")}}}); err != nil {
		return err
	}
	partners := []ledger.Partner{
		{Code: "DUPONT", Name: "Dupont SARL", SIREN: "303265045", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}},
		{Code: "MARTIN", Name: "Martin & Fils"},
		{Code: "PETIT", Name: "Boulangerie Petit"},
		{Code: "KOLB", Name: "Kolb GmbH", BankAccounts: []ledger.BankAccount{{IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX"}},
			Address: ledger.Address{Street: "Hohe Straße", BuildingNumber: "7", PostCode: "50667", Town: "Köln", Country: "DE"}},
		{Code: "ROUX", Name: "Imprimerie Roux", BankAccounts: []ledger.BankAccount{{IBAN: "NL91ABNA0417164300"}}},
		{Code: "LEFEVRE", Name: "Garage Lefèvre"}, // no account known yet
		// A customer who signed a direct debit mandate (mandat de
		// prélèvement SEPA) on its account.
		{Code: "MOREAU", Name: "Cabinet Moreau", BankAccounts: []ledger.BankAccount{{IBAN: "FR1420041010050500013M02606",
			Mandate: ledger.Mandate{Reference: "RUM-MOREAU-0001", Signed: day(1, 12)}}}},
	}
	for _, p := range partners {
		if err := book.AddPartner(ctx, p); err != nil {
			return err
		}
	}
	rec, err := reconcile.New(ctx, book, reconcile.Config{})
	if err != nil {
		return err
	}
	post := func(journalCode, partner, account string, date journal.Date, ttc, ref string) (journal.Entry, error) {
		a := amt(ttc)
		typ, counter := journal.TypeInvoice, "706000"
		if account == "401000" {
			a, counter = a.Neg(), "607000"
		}
		res, err := book.Post(ctx, journal.Entry{Journal: journalCode, Date: date, Type: typ, Ref: ref, Lines: []journal.Line{
			{Account: account, Partner: partner, Balance: a, DueDate: date.AddDays(30)},
			{Account: counter, Balance: a.Neg()}}})
		return res.Entry, err
	}
	var docs []journal.Entry
	for _, d := range []struct {
		j, p, acct string
		date       journal.Date
		ttc, ref   string
	}{
		{"AC", "KOLB", "401000", day(1, 15), "2480.00", "KB-2026-118"},
		{"AC", "KOLB", "401000", day(1, 28), "360.00", "KB-2026-131"},
		{"AC", "ROUX", "401000", day(2, 2), "845.90", "R-0042"},
		{"VT", "MOREAU", "411000", day(2, 18), "540.00", ""},
		{"VT", "DUPONT", "411000", day(2, 18), "1200.00", ""},
		{"VT", "MARTIN", "411000", day(2, 25), "310.00", ""},
		{"VT", "PETIT", "411000", day(2, 26), "86.40", ""},
		{"VT", "LEFEVRE", "411000", day(2, 27), "480.00", ""},
		{"VT", "LEFEVRE", "411000", day(2, 28), "480.00", ""},
	} {
		e, err := post(d.j, d.p, d.acct, d.date, d.ttc, d.ref)
		if err != nil {
			return err
		}
		docs = append(docs, e)
	}

	// The supplier run: every bill due by 10 March, one transfer per
	// supplier (its bills due together).
	runRes, err := rec.RunPayments(ctx, reconcile.RunRequest{Operation: mustID("01990000-0000-7000-8000-000000000001"),
		Journal: "BNP", Date: day(3, 10), DueBy: day(3, 10)})
	if err != nil {
		return err
	}
	sepa, err := bank.CreditTransfers(ctx, book, runRes, company)
	if err != nil {
		return err
	}
	var file bytes.Buffer
	if err := bank.WritePain001(&file, sepa); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "virements.xml"), file.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "== Payment run %s: %d transfers, virements.xml (%d bytes)\n", runRes.ID, len(sepa.Payments), file.Len())
	for _, p := range runRes.Payments {
		fmt.Fprintf(out, "  %-8s %12s  %s\n", p.Partner, currency.PadLeft(p.Amount.French(), 12), p.EndToEndID)
	}

	// Two customers pay by cheque; the cheques go to the bank together.
	var cheques []journal.ID
	for i, c := range []struct {
		partner string
		doc     journal.Entry
		number  string
	}{{"MARTIN", docs[5], "0001234"}, {"PETIT", docs[6], "0004567"}} {
		res, err := rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: c.partner, Journal: "BNP",
			Date: day(3, 12+i), Method: reconcile.MethodCheque, Ref: c.number, Invoices: []journal.ID{c.doc.ID},
			Cheque: &reconcile.Cheque{Number: c.number, Bank: "Crédit Agricole"}})
		if err != nil {
			return err
		}
		cheques = append(cheques, res.Entries[0].ID)
	}
	dep, err := rec.DepositCheques(ctx, reconcile.Deposit{Operation: mustID("01990000-0000-7000-8000-000000000002"),
		Journal: "BNP", Date: day(3, 14), Payments: cheques})
	if err != nil {
		return err
	}
	slip, err := print.DepositOf(ctx, rec, dep, company)
	if err != nil {
		return err
	}
	var pdf bytes.Buffer
	if err := print.DepositSlip(&pdf, slip); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "remise.pdf"), pdf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "== Cheque deposit %s: %d cheques, %s, remise.pdf\n", dep.ID, len(dep.Payments), dep.Total.French())
	pdf.Reset()
	if err := print.TransferSlip(&pdf, sepa); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "bordereau-virements.pdf"), pdf.Bytes(), 0o644); err != nil {
		return err
	}

	// The customers' invoices due by the 20th collected by direct debit
	// that day, never before they fall due: those of the customers with a
	// mandate (Moreau); the others are left out, each with its reason.
	colRun, err := rec.RunCollections(ctx, reconcile.CollectionRequest{Operation: mustID("01990000-0000-7000-8000-000000000004"),
		Journal: "BNP", Date: day(3, 20), DueBy: day(3, 20), Creditor: company, CreditorID: "FR72ZZZ123456"})
	if err != nil {
		return err
	}
	dd, err := bank.DirectDebits(ctx, book, colRun, company)
	if err != nil {
		return err
	}
	file.Reset()
	if err := bank.WritePain008(&file, dd); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "prelevements.xml"), file.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "== Direct debit run %s: %d collection, prelevements.xml (%d bytes)\n",
		colRun.ID, len(colRun.Collections), file.Len())
	for _, c := range colRun.Collections {
		fmt.Fprintf(out, "  %-8s %12s  %s  mandate %s\n", c.Partner, currency.PadLeft(c.Amount.French(), 12), c.EndToEndID, c.Account.Mandate.Reference)
	}
	for _, l := range colRun.LeftOut {
		fmt.Fprintf(out, "  %-8s left out: %s\n", l.Partner, l.Reason)
	}

	// A receipt for Martin's cheque, and where Dupont stands.
	receipt, err := print.ReceiptOf(ctx, book, cheques[0], company)
	if err != nil {
		return err
	}
	pdf.Reset()
	if err := print.PaymentReceipt(&pdf, receipt); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "recu-martin.pdf"), pdf.Bytes(), 0o644); err != nil {
		return err
	}
	dupont, err := rec.StatementAt(ctx, "411000", "DUPONT", day(3, 15))
	if err != nil {
		return err
	}
	pdf.Reset()
	if err := print.PartnerStatement(&pdf, company, "Dupont SARL", day(3, 15), dupont); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "releve-dupont.pdf"), pdf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "== Printed: bordereau-virements.pdf, remise.pdf, recu-martin.pdf, releve-dupont.pdf (Dupont owes %s)\n", dupont.Due.French())

	states := func(title string) error {
		fmt.Fprintf(out, "== %s\n", title)
		for _, d := range docs {
			s, err := rec.State(ctx, d.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "  %s %-7s %12s  %s\n", d.Name(), d.Lines[0].Partner, currency.PadLeft(s.Total.French(), 12), s.State)
		}
		return nil
	}
	if err := states("States before the statement"); err != nil {
		return err
	}

	// The bank's statement for March, as its camt.053 file.
	camt := statement(runRes, dep, docs[4], colRun)
	statements, err := bank.ReadCamt053(strings.NewReader(camt), bank.ReadOptions{})
	if err != nil {
		return err
	}
	for _, s := range statements {
		imp, err := rec.ImportStatement(ctx, s)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "== Statement %s imported into %s: %d entries, closing %s\n", imp.Statement, imp.Journal, imp.Entries, s.Closing.French())
	}
	props, err := rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
	if err != nil {
		return err
	}
	for _, p := range props {
		fmt.Fprintf(out, "  %-4s %12s  %s\n", p.Ref, currency.PadLeft(p.Amount.French(), 12), p.Reason)
	}
	outs, err := rec.ApplyImported(ctx, mustID("01990000-0000-7000-8000-000000000003"), props)
	if err != nil {
		return err
	}
	for i, o := range outs {
		if o.Err != nil {
			return fmt.Errorf("%s: %w", props[i].Ref, o.Err)
		}
	}
	left, err := rec.OpenImported(ctx, "BNP")
	if err != nil {
		return err
	}
	for _, e := range left {
		if _, err := rec.PostImported(ctx, journal.NoID, "BNP", e.Statement, e.Ref, reconcile.ImportedTarget{Account: "471000"}); err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s sent to suspense (471000)\n", e.Ref)
	}
	if err := states("States after"); err != nil {
		return err
	}
	// The bank account agrees with the statement's closing balance; the
	// outstanding accounts are cleared.
	for _, acct := range []string{"512000", "512100", "512200", "471000"} {
		b, err := book.Balance(ctx, ledger.BalanceQuery{Account: acct})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s %12s\n", acct, currency.PadLeft(b.Balance.French(), 12))
	}
	return book.Check(ctx)
}

// statement writes the camt.053 the bank sends: the run's transfers, the
// cheque deposit, Dupont's transfer naming its invoice, a receipt nobody
// can place, Lefèvre's two transfers, and the direct debit collected.
func statement(run reconcile.PaymentRun, dep reconcile.Batch, dupont journal.Entry, col reconcile.CollectionRun) string {
	var b strings.Builder
	balance := amt("5000.00")
	entry := func(ref string, a currency.Amount, details string) {
		ind := "CRDT"
		if a.Sign() < 0 {
			ind = "DBIT"
		}
		fmt.Fprintf(&b, `<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-20</Dt></BookgDt>`+
			`<AcctSvcrRef>%s</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>%s</Ntry>`+"\n",
			a.Abs().Plain(), ind, ref, details)
		balance, _ = balance.Add(a)
	}
	for i, p := range run.Payments {
		entry(fmt.Sprintf("B%d", i+1), p.Amount.Neg(), fmt.Sprintf(`<NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs></TxDtls></NtryDtls>`, p.EndToEndID))
	}
	entry("B9", dep.Total, "")
	rf, _ := ident.CreditorReference(dupont.Name())
	entry("B10", amt("1200.00"), fmt.Sprintf(`<NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>DUPONT SARL</Nm></Pty></Dbtr>`+
		`<DbtrAcct><Id><IBAN>%s</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Strd><CdtrRefInf><Ref>%s</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls>`,
		ident.IBAN("BE68539007547034"), rf))
	entry("B11", amt("42.00"), "")
	// Lefèvre pays from an account the book does not know: the second of
	// its two invoices of 480,00 named as its customers write it, then
	// the first naming none.
	lefevre := func(remittance string) string {
		return fmt.Sprintf(`<NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>GARAGE LEFEVRE SARL</Nm></Pty></Dbtr>`+
			`<DbtrAcct><Id><IBAN>FR7630004000031234567890143</IBAN></Id></DbtrAcct></RltdPties>%s</TxDtls></NtryDtls>`, remittance)
	}
	entry("B12", amt("480.00"), lefevre(`<RmtInf><Ustrd>Facture 2026-00006</Ustrd></RmtInf>`))
	entry("B13", amt("480.00"), lefevre(""))
	for i, c := range col.Collections {
		entry(fmt.Sprintf("B%d", 14+i), c.Amount, fmt.Sprintf(`<NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs></TxDtls></NtryDtls>`, c.EndToEndID))
	}
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>BNP-2026-03</MsgId><CreDtTm>2026-04-01T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>BNP-2026-03</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">5000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
%s</Stmt></BkToCstmrStmt></Document>
`, balance.Plain(), b.String())
}

// mustID reads a fixed operation id: the example's runs keep their ids, so
// that its files are the same from one run to the next.
func mustID(s string) journal.ID {
	id, err := journal.ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

package bank_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/storetest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// hrev274Camt is a camt.053.001.08 file of the samples' account holding
// one statement, S1, that opens at 100.00, closes at 150.00, and books one
// entry E1 of 50.00 credited on 10 March 2026 whose transaction details
// are txInner.
func hrev274Camt(txInner string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm>
<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">150.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
<Ntry><NtryRef>E1</NtryRef><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-10</Dt></ValDt>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls>` + txInner + `</TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>`
}

// Was failing, fixed: a camt.053 transaction whose structured remittance gives, as its
// creditor reference (RmtInf/Strd/CdtrRefInf/Ref), "RF19539007547034" —
// the reference RF18 5390 0754 7034 with a wrong check pair (ISO 11649:
// "RF" + two check digits making the whole ≡ 1 mod 97; 19 fails, 18 is
// right) — is read with CreditorRef "RF19539007547034" and no remittance.
// Expected: CreditorRef "" and the text kept in the remittance, as the
// CFONB 120 reader does for the same text in an LCS complement
// (CFONB120's godoc: "LCS and REF the creditor reference when they hold an
// ISO 11649 one, LCS the remittance text otherwise"), and as
// reconcile.BankTransaction documents the field: "the structured creditor
// reference (ISO 11649, "RF…"), empty when none". An embedding ERP that
// trusts CreditorRef as a checked RF reference (to look the invoice up by
// it, as Odoo's account_payment does with its RF references) gets a
// reference that fails its own check digits; the two readers of the
// package disagree on the same bank data.
func TestHrev274CamtCreditorRefCheckDigits(t *testing.T) {
	t.Parallel()
	doc := hrev274Camt(`<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
<RltdPties><Dbtr><Pty><Nm>Dupont SARL</Nm></Pty></Dbtr></RltdPties>
<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF19539007547034</Ref></CdtrRefInf></Strd></RmtInf>`)
	ss, err := bank.ReadCamt053(strings.NewReader(doc), bank.ReadOptions{})
	require.NoError(t, err)
	tx := ss[0].Entries[0].Transactions[0]
	_, valid := ident.ParseCreditorReference("RF19539007547034")
	require.False(t, valid, "the reference's check digits are wrong")
	require.Equal(t, "", tx.CreditorRef, "a reference failing ISO 11649's check is no creditor reference")
	require.Contains(t, tx.Remittance, "RF19539007547034", "the text the bank gave is kept, as remittance")
}

// Was failing, fixed: WritePain001 (and WritePain008, same code) writes the file's
// creation time (GrpHdr/CreDtTm) converted to UTC but without the UTC
// designator: a run made at 00:30 in Paris on 1 March 2026
// (2026-02-28T23:30:00Z) is written "2026-02-28T23:30:00". ISO 20022's
// ISODateTime (its definition in the pain.001.001.09 schema in
// /work/shared/formats) has three forms: UTC "YYYY-MM-DDThh:mm:ss.sssZ",
// local time with its offset "…+hh:mm", and local time "…" without
// either; so what is written says 23:30 local time on 28 February, an
// hour (two in summer) and here a day before the file was made.
// Expected: "2026-02-28T23:30:00Z" (or "2026-03-01T00:30:00+01:00"): an
// instant that parses back to CreatedAt. The godoc's "written in UTC" is
// only true with the Z.
func TestHrev274PainCreationTimeZone(t *testing.T) {
	t.Parallel()
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	made := time.Date(2026, 3, 1, 0, 30, 0, 0, paris)
	eur := currency.MustLookup("EUR")
	var ct, dd bytes.Buffer
	run := sampleRun()
	run.CreatedAt = made
	require.NoError(t, bank.WritePain001(&ct, run))
	require.NoError(t, bank.WritePain008(&dd, bank.DirectDebitRun{MsgID: "COL-2026-03", CreatedAt: made,
		Creditor:   bank.Party{Name: "Atelier Leveque", IBAN: "FR7630006000011234567890189", BIC: "BNPAFRPP"},
		CreditorID: "FR72ZZZ123456", CollectionDate: journal.MustDate(2026, 3, 5),
		Debits: []bank.DirectDebit{{EndToEndID: "COL-1", Amount: currency.MustParse(eur, "120.00"),
			Debtor:    bank.Party{Name: "Client SA", IBAN: "DE89370400440532013000"},
			MandateID: "MNDT-1", MandateSigned: journal.MustDate(2025, 1, 10), Sequence: "RCUR"}}}))
	for name, file := range map[string][]byte{"pain.001": ct.Bytes(), "pain.008": dd.Bytes()} {
		var d struct {
			CT string `xml:"CstmrCdtTrfInitn>GrpHdr>CreDtTm"`
			DD string `xml:"CstmrDrctDbtInitn>GrpHdr>CreDtTm"`
		}
		require.NoError(t, xml.Unmarshal(file, &d), name)
		written := d.CT + d.DD
		require.NotEmpty(t, written, name)
		at, err := time.Parse(time.RFC3339, written)
		require.NoError(t, err, "%s: CreDtTm %q carries no time zone: ISO 20022 reads it as local time", name, written)
		require.True(t, at.Equal(made), "%s: CreDtTm %q is not the instant the file was made, %s", name, written, made)
	}
}

// Pins: a CFONB 120 file as a French bank's portal gives it and a mail
// client passes it on — CRLF, trailing spaces cut (lines shorter than 120),
// two accounts (the second's records 01/07 with the currency and decimals
// left blank, a euro account), amounts with their last digit and sign as a
// letter ('{' 'A'–'I' positive, '}' 'J'–'R' negative, CFONB "relevé de
// compte 120 caractères" brochure), three decimals on one account, a
// movement dated 31/12/26 read in 2026 — is read to the cent, each
// statement's 01 + Σ 04 = 07, the 05 complements joined to their 04.
func TestHrev274CFONBRealistic(t *testing.T) {
	t.Parallel()
	recs := []string{
		// Account 1, three decimals: 1 000,000 opening, +250,500, −0,010 ('}': −, last digit 0).
		"0130006    00001EUR3 12345678901  301226                                                  0000000100000{",
		"0430006000100001EUR3 1234567890105311226  311226VIR SEPA DUPONT SARL             0000001  0000000025050{E2E-DUPONT-1",
		"0530006000100001EUR3 1234567890105311226     NPYDUPONT SARL",
		"0530006000100001EUR3 1234567890105311226     LIBFacture VT/2026/00031",
		"0430006000100001EUR3 1234567890113311226  311226FRAIS                            0000002  0000000000001}",
		"0730006    00001EUR3 12345678901  311226                                                  0000000125049{",
		// Account 2, euro, currency and decimals blank on 01/07: −15,27 to −15,27 − 100,00.
		"0130006    00002     00000000042  301226                                                  0000000000152P",
		"0430006000200002EUR2 0000000004201311226  311226PRLV SEPA EDF                    0000009  0000000001000}",
		"0730006    00002     00000000042  311226                                                  0000000001152P",
	}
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(recs, "\r\n")+"\r\n"), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	a, b := ss[0], ss[1]
	require.Equal(t, "1000.00", a.Opening.Plain())
	require.Equal(t, "1250.49", a.Closing.Plain())
	require.Equal(t, journal.MustDate(2026, 12, 31), a.ClosingDate)
	require.Len(t, a.Entries, 2)
	require.Equal(t, "250.50", a.Entries[0].Amount.Plain())
	require.Equal(t, "-0.01", a.Entries[1].Amount.Plain())
	require.Equal(t, journal.MustDate(2026, 12, 31), a.Entries[0].BookingDate)
	tx := a.Entries[0].Transactions[0]
	require.Equal(t, "DUPONT SARL", tx.Counterparty)
	require.Equal(t, "Facture VT/2026/00031", tx.Remittance)
	require.Equal(t, "E2E-DUPONT-1", tx.EndToEndID)
	want, err := ident.IBANOfRIB("30006", "00002", "00000000042")
	require.NoError(t, err)
	require.Equal(t, want, b.Account)
	require.Equal(t, "EUR", b.Currency.Code())
	require.Equal(t, "-15.27", b.Opening.Plain())
	require.Equal(t, "-115.27", b.Closing.Plain())
	require.Equal(t, "-100.00", b.Entries[0].Amount.Plain())
}

// Pins: a camt.053.001.02 file declared ISO-8859-1 (as some French banks'
// portals still write it), holding a pending entry (Sts PDNG: not on the
// balance), a reversal (RvslInd true: a direct debit returned, money
// back), a batch (one Ntry, two TxDtls summing to it) and an EndToEndId
// NOTPROVIDED: read as booked (opening + Σ booked = closing), the
// accented text decoded, and imported once — the same file again writes
// nothing (DESIGN §12: import idempotent per statement).
func TestHrev274CamtLatin1ImportOnce(t *testing.T) {
	t.Parallel()
	doc := `<?xml version="1.0" encoding="ISO-8859-1"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-04-01T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>STMT-2026-03</Id><CreDtTm>2026-04-01T06:00:00</CreDtTm>
<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">380.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
<Ntry><NtryRef>E1</NtryRef><Amt Ccy="EUR">350.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-03-05</Dt></BookgDt><ValDt><Dt>2026-03-05</Dt></ValDt>
<NtryDtls><Btch><PmtInfId>REM-12</PmtInfId><NbOfTxs>2</NbOfTxs></Btch>
<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">200.00</Amt></TxAmt></AmtDtls>
<RltdPties><Dbtr><Nm>Boulangerie Lef` + "\xe8" + `vre</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Facture VT/2026/00031</Ustrd></RmtInf></TxDtls>
<TxDtls><Refs><EndToEndId>E2E-2</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">150.00</Amt></TxAmt></AmtDtls></TxDtls>
</NtryDtls></Ntry>
<Ntry><NtryRef>E2</NtryRef><Amt Ccy="EUR">999.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>
<BookgDt><Dt>2026-03-31</Dt></BookgDt></Ntry>
<Ntry><NtryRef>E3</NtryRef><Amt Ccy="EUR">70.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-03-20</Dt></BookgDt><AddtlNtryInf>RETOUR PRLV SEPA</AddtlNtryInf></Ntry>
</Stmt></BkToCstmrStmt></Document>`
	ss, err := bank.ReadCamt053(strings.NewReader(doc), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 1)
	s := ss[0]
	require.Len(t, s.Entries, 2, "the pending entry is not a movement")
	batch, back := s.Entries[0], s.Entries[1]
	require.Equal(t, "350.00", batch.Amount.Plain())
	require.Len(t, batch.Transactions, 2)
	require.Equal(t, "Boulangerie Lefèvre", batch.Transactions[0].Counterparty)
	require.Equal(t, "", batch.Transactions[0].EndToEndID)
	require.Equal(t, "REM-12", batch.Batch.PmtInfID)
	require.Equal(t, "-70.00", back.Amount.Plain())
	require.True(t, back.Reversal)

	_, r := bookWithBankAccount(t, storetest.Backends[0])
	first, err := r.ImportStatements(ctx, ss)
	require.NoError(t, err)
	require.True(t, first[0].New)
	again, err := bank.ReadCamt053(strings.NewReader(doc), bank.ReadOptions{})
	require.NoError(t, err)
	second, err := r.ImportStatements(ctx, again)
	require.NoError(t, err)
	require.False(t, second[0].New, "the same file again writes nothing")
	open, err := r.OpenImported(ctx, "BNP")
	require.NoError(t, err)
	require.Len(t, open, 2, "each line once")
}

// hrev274Page is page n of statement STMT-2026-03 in a message of its own
// (GrpHdr/MsgPgntn: a large statement split over several files), opening
// at open (with balance code openCd), closing at close (closeCd), with
// one entry of amount credited.
func hrev274Page(n int, last bool, openCd, open, closeCd, close, ref, amount string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>BNP-053-20260331-%[1]d</MsgId><CreDtTm>2026-04-01T05:00:00+02:00</CreDtTm><MsgPgntn><PgNb>%[1]d</PgNb><LastPgInd>%[2]t</LastPgInd></MsgPgntn></GrpHdr>
<Stmt><Id>STMT-2026-03</Id><StmtPgntn><PgNb>%[1]d</PgNb><LastPgInd>%[2]t</LastPgInd></StmtPgntn><CreDtTm>2026-04-01T05:00:00+02:00</CreDtTm>
<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>%[3]s</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">%[4]s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>%[5]s</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">%[6]s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
<Ntry><AcctSvcrRef>%[7]s</AcctSvcrRef><Amt Ccy="EUR">%[8]s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-1%[1]d</Dt></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>`, n, last, openCd, open, closeCd, close, ref, amount)
}

// Was failing, fixed: a statement too large for one message comes as several files
// (ISO 20022 camt.053: GrpHdr/MsgPgntn and Stmt/StmtPgntn, "page number"
// and "last page indicator"; each page with the same Stmt/Id, its
// interim booked balances ITBD where a page ends and the next begins).
// The reader reads each file's page as the statement (opening at its
// OPBD or ITBD, closing at its ITBD or CLBD), and the first file imports;
// the second — page 2 of STMT-2026-03, opening at 150.00 where page 1
// closed, one new line B-2 of 20.00 — is refused: "statement
// STMT-2026-03 of BNP was imported with other content". Expected: its new
// line imported (2 lines open in all, the journal's statement closing at
// 170.00), as DESIGN §12 says: "Import is idempotent per (bank account,
// statement id, line reference)" — the line B-2 was never imported, and
// the balances chain (opening 150.00 = the closing before). Actual: the
// rest of the month can never be imported.
func TestHrev274CamtStatementPagedOverMessages(t *testing.T) {
	t.Parallel()
	_, r := bookWithBankAccount(t, storetest.Backends[0])
	page1, err := bank.ReadCamt053(strings.NewReader(hrev274Page(1, false, "OPBD", "100.00", "ITBD", "150.00", "B-1", "50.00")), bank.ReadOptions{})
	require.NoError(t, err)
	_, err = r.ImportStatements(ctx, page1)
	require.NoError(t, err)
	page2, err := bank.ReadCamt053(strings.NewReader(hrev274Page(2, true, "ITBD", "150.00", "CLBD", "170.00", "B-2", "20.00")), bank.ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, "150.00", page2[0].Opening.Plain())
	_, err = r.ImportStatements(ctx, page2)
	require.NoError(t, err, "page 2 of the statement, in the bank's second file")
	open, err := r.OpenImported(ctx, "BNP")
	require.NoError(t, err)
	require.Len(t, open, 2, "B-1 and B-2")
	require.Equal(t, []string{"STMT-2026-03/p1", "STMT-2026-03/p2"}, []string{open[0].Statement, open[1].Statement})
	// Page 2 again: nothing new. The statement again whole, in one file
	// (pages 1 and 2): it opens at 100.00 where the account now stands at
	// 170.00, refused, nothing imported twice.
	_, err = r.ImportStatements(ctx, page2)
	require.NoError(t, err)
	p1 := hrev274Page(1, false, "OPBD", "100.00", "ITBD", "150.00", "B-1", "50.00")
	p2 := hrev274Page(2, true, "ITBD", "150.00", "CLBD", "170.00", "B-2", "20.00")
	both := p1[:strings.Index(p1, "</Stmt>")+len("</Stmt>")] + p2[strings.Index(p2, "<Stmt>"):]
	whole, err := bank.ReadCamt053(strings.NewReader(both), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, whole, 1)
	require.Equal(t, "STMT-2026-03", whole[0].ID, "read whole, from OPBD to CLBD")
	_, err = r.ImportStatements(ctx, whole)
	require.Error(t, err)
	open, err = r.OpenImported(ctx, "BNP")
	require.NoError(t, err)
	require.Len(t, open, 2)
}

// Pins: a supplier run of three transfers with French texts (é, ç, ', &,
// «», n°) is written as pain.001.001.09 valid against the EPC 2023
// schema (/work/shared/formats), NbOfTxs 3 and CtrlSum 1 000 000.02 exact
// (0.01 + 999 999.99 + 0.02, no float drift, two decimals, no exponent),
// & → + and accents dropped (EPC character set); a creditor IBAN with a
// wrong check pair is refused with ErrTransfer and nothing written.
func TestHrev274Pain001FrenchRun(t *testing.T) {
	t.Parallel()
	eur := currency.MustLookup("EUR")
	run := sampleRun()
	run.Payments = []bank.CreditTransfer{
		{EndToEndID: "R274-1", Amount: currency.MustParse(eur, "0.01"), Remittance: "Facture n° 12 « été » & ça",
			Creditor: bank.Party{Name: "Boulangerie L'Épi d'Or & Cie", IBAN: "FR76 3000 4000 0312 3456 7890 143"}},
		{EndToEndID: "R274-2", Amount: currency.MustParse(eur, "999999.99"),
			Creditor: bank.Party{Name: "Façonnage Lefèvre", IBAN: "DE89370400440532013000"}},
		{EndToEndID: "R274-3", Amount: currency.MustParse(eur, "0.02"),
			Creditor: bank.Party{Name: "Cie", IBAN: "BE68539007547034"}},
	}
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain001(&buf, run))
	var d struct {
		NbOfTxs string   `xml:"CstmrCdtTrfInitn>GrpHdr>NbOfTxs"`
		CtrlSum string   `xml:"CstmrCdtTrfInitn>GrpHdr>CtrlSum"`
		Names   []string `xml:"CstmrCdtTrfInitn>PmtInf>CdtTrfTxInf>Cdtr>Nm"`
		Ustrd   []string `xml:"CstmrCdtTrfInitn>PmtInf>CdtTrfTxInf>RmtInf>Ustrd"`
	}
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &d))
	require.Equal(t, "3", d.NbOfTxs)
	require.Equal(t, "1000000.02", d.CtrlSum)
	require.Equal(t, []string{"Boulangerie L'Epi d'Or + Cie", "Faconnage Lefevre", "Cie"}, d.Names)
	require.Equal(t, []string{"Facture n. 12 ete + ca"}, d.Ustrd)
	hrev145Lint(t, buf.Bytes())

	bad := run
	bad.Payments = slices.Clone(run.Payments)
	bad.Payments[1].Creditor.IBAN = "DE88370400440532013000"
	var none bytes.Buffer
	require.ErrorIs(t, bank.WritePain001(&none, bad), bank.ErrTransfer)
	require.Zero(t, none.Len())
}

// Was failing, fixed: a Monaco bank account (IBAN MC58 1122 2000 0101 2345 6789 030,
// the ISO 13616 registry's example: "MC" then the French BBAN — bank
// 11222, branch 00001, account 01234567890, RIB key 30) sends its
// statements as CFONB 120 like the French banks whose clearing it shares.
// The reader rebuilds the account's IBAN from the record 01's RIB always
// as a French one, FR76 1122 2000 0101 2345 6789 030, so the import finds
// no journal: reconcile.ErrBankAccount, though the book has a bank
// journal holding that very account (same bank, branch, account and key).
// Expected: the statement imported into that journal (the account is
// known by its BBAN, which is all CFONB gives); actual: refused, and no
// CFONB statement of a Monaco account can ever be imported (the journal
// cannot be given the FR IBAN: it is not the account's, and SEPA files
// written from the journal would debit an account that does not exist).
func TestHrev274CFONBMonacoAccount(t *testing.T) {
	t.Parallel()
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "CMB", Name: "Banque monégasque", Kind: ledger.JournalBank,
		BankAccount: "512100", IBAN: "MC58 1122 2000 0101 2345 6789 030"}))
	recs := []string{
		"0111222    00001EUR2 01234567890  280226                                                  0000000010000{",
		"0411222000100001EUR2 0123456789005020326  020326VIR SEPA DUPONT SARL             0000001  0000000012000{",
		"0711222    00001EUR2 01234567890  310326                                                  0000000022000{",
	}
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(recs, "\r\n")+"\r\n"), bank.ReadOptions{})
	require.NoError(t, err)
	imp, err := r.ImportStatements(ctx, ss)
	require.NoError(t, err, "the statement of the account journal CMB holds (read as %s)", ss[0].Account)
	require.Equal(t, "CMB", imp[0].Journal)
}

package report_test

import (
	"fmt"
	"os"

	"github.com/lettrage/lettrage/report"
)

// The customer account partner by partner over January: each customer's
// opening balance, lines with their running balance and letter codes,
// and subtotal.
func ExampleReadGeneralLedger() {
	book := exampleMem()
	gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{
		Period:    report.Period{From: date(2026, 1, 1), To: date(2026, 1, 31)},
		Accounts:  []string{"411000"},
		ByPartner: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(gl)
	// Output:
	// General ledger 01/01/2026 – 31/01/2026
	// Account Partner Date       Number         Label                                   Debit       Credit      Balance Letter
	// ------------------------------------------------------------------------------------------------------------------------
	// 411000  C1      01/01/2026                Opening balance                                                1 200,00
	// 411000  C1      10/01/2026 VT/2026/00001  Facture F26-01                         600,00                  1 800,00
	// 411000  C1      15/01/2026 BQD/2026/00001 Virement C1                                       1 200,00       600,00 AAA
	// 411000  C1                                Total 411000 C1                        600,00     1 200,00       600,00
	// 411000  C2      01/01/2026                Opening balance                                                    0,00
	// 411000  C2      20/01/2026 VT/2026/00002  Facture F26-02                       2 400,00                  2 400,00
	// 411000  C2                                Total 411000 C2                      2 400,00         0,00     2 400,00
	// ------------------------------------------------------------------------------------------------------------------------
	// 411000                                    Total 411000 Clients                 3 000,00     1 200,00     3 000,00
	// ------------------------------------------------------------------------------------------------------------------------
	//                                           Grand total                          3 000,00     1 200,00     3 000,00
}

// The balance générale of February: income and expense accounts open at
// their sum since the fiscal year's start, and the result of 2025, not yet
// carried forward, has a row of its own, so the balance sums to zero.
func ExampleReadGeneralBalance() {
	book := exampleMem()
	b, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: report.Period{From: date(2026, 2, 1), To: date(2026, 2, 28)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(b)
	// Output:
	// Balance générale 01/02/2026 – 28/02/2026
	// Account Partner Name                          Opening        Debit       Credit      Closing  Debit balance Credit balance
	// --------------------------------------------------------------------------------------------------------------------------
	// 120000          Résultat de l'exercice…     -1 000,00         0,00         0,00    -1 000,00                      1 000,00
	//                 Total classe 1              -1 000,00         0,00         0,00    -1 000,00           0,00       1 000,00
	// 401000          Fournisseurs                     0,00       360,00       360,00         0,00
	// 411000          Clients                      3 000,00         0,00     1 000,00     2 000,00       2 000,00
	// 445660          TVA déductible sur autr…         0,00        60,00         0,00        60,00          60,00
	// 445710          TVA collectée                 -700,00         0,00         0,00      -700,00                        700,00
	//                 Total classe 4               2 300,00       420,00     1 360,00     1 360,00       2 060,00         700,00
	// 512000          Banque                       1 200,00     1 000,00       360,00     1 840,00       1 840,00
	//                 Total classe 5               1 200,00     1 000,00       360,00     1 840,00       1 840,00           0,00
	// 607000          Achats de marchandises           0,00       300,00         0,00       300,00         300,00
	//                 Total classe 6                   0,00       300,00         0,00       300,00         300,00           0,00
	// 706000          Prestations de services     -2 500,00         0,00         0,00    -2 500,00                      2 500,00
	//                 Total classe 7              -2 500,00         0,00         0,00    -2 500,00           0,00       2 500,00
	// --------------------------------------------------------------------------------------------------------------------------
	//                 Total                            0,00     1 720,00     1 720,00         0,00       4 200,00       4 200,00
}

// The balance auxiliaire: one row per partner of each receivable and
// payable account.
func ExampleReadAuxiliaryBalance() {
	book := exampleMem()
	b, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: report.Period{From: date(2026, 1, 1), To: date(2026, 2, 28)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(b)
	// Output:
	// Balance auxiliaire 01/01/2026 – 28/02/2026
	// Account Partner Name                          Opening        Debit       Credit      Closing  Debit balance Credit balance
	// --------------------------------------------------------------------------------------------------------------------------
	// 401000  S1      Fournil                          0,00       360,00       360,00         0,00
	// --------------------------------------------------------------------------------------------------------------------------
	// 401000          Total Fournisseurs               0,00       360,00       360,00         0,00           0,00           0,00
	// 411000  C1      Dupont SARL                  1 200,00       600,00     1 200,00       600,00         600,00
	// 411000  C2      Martin SA                        0,00     2 400,00     1 000,00     1 400,00       1 400,00
	// --------------------------------------------------------------------------------------------------------------------------
	// 411000          Total Clients                1 200,00     3 000,00     2 200,00     2 000,00       2 000,00           0,00
	// --------------------------------------------------------------------------------------------------------------------------
	//                 Total                        1 200,00     3 360,00     2 560,00     2 000,00       2 000,00           0,00
}

// The sales journal of January: every line of every entry, in number
// order, and the journal's total.
func ExampleReadJournals() {
	book := exampleMem()
	l, err := report.ReadJournals(ctx, book, report.JournalQuery{
		Period:   report.Period{From: date(2026, 1, 1), To: date(2026, 1, 31)},
		Journals: []string{"VT"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(l)
	// Output:
	// Journals 01/01/2026 – 31/01/2026
	// Journal Number         Date       Account Partner Label                                   Debit       Credit
	// ------------------------------------------------------------------------------------------------------------
	// VT      VT/2026/00001  10/01/2026 411000  C1      Facture F26-01                         600,00
	// VT      VT/2026/00001  10/01/2026 706000          Facture F26-01                                      500,00
	// VT      VT/2026/00001  10/01/2026 445710          Facture F26-01                                      100,00
	// VT      VT/2026/00002  20/01/2026 411000  C2      Facture F26-02                       2 400,00
	// VT      VT/2026/00002  20/01/2026 706000          Facture F26-02                                    2 000,00
	// VT      VT/2026/00002  20/01/2026 445710          Facture F26-02                                      400,00
	// ------------------------------------------------------------------------------------------------------------
	// VT                                                Total VT Ventes                      3 000,00     3 000,00
	// ------------------------------------------------------------------------------------------------------------
	//                                                   Grand total                          3 000,00     3 000,00
}

// One supplier's ledger: its lines across payable accounts, lettered.
func ExampleReadPartnerLedger() {
	book := exampleMem()
	l, err := report.ReadPartnerLedger(ctx, book, report.PartnerLedgerQuery{
		Period:   report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)},
		Partners: []string{"S1"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(l)
	// Output:
	// Partner ledger 01/01/2026 – 31/12/2026
	// Account Partner Date       Number         Label                                   Debit       Credit      Balance Letter
	// ------------------------------------------------------------------------------------------------------------------------
	// 401000  S1      01/01/2026                Opening balance                                                    0,00
	// 401000  S1      05/02/2026 AC/2026/00001  Farine                                              360,00      -360,00 AAA
	// 401000  S1      20/02/2026 BQD/2026/00003 Virement S1                            360,00                      0,00 AAA
	// 401000  S1                                Total 401000 S1                        360,00       360,00         0,00
	// ------------------------------------------------------------------------------------------------------------------------
	//         S1                                Total S1 Fournil                       360,00       360,00         0,00
	// ------------------------------------------------------------------------------------------------------------------------
	//                                           Grand total                            360,00       360,00         0,00
}

// A general ledger streamed to CSV for a French spreadsheet: ';' between
// fields, a decimal comma, no thousands separator; the first field says
// what each row is.
func ExampleWriteGeneralLedgerCSV() {
	book := exampleMem()
	q := report.LedgerQuery{Period: report.Period{From: date(2026, 2, 1), To: date(2026, 2, 28)}, Accounts: []string{"512000"}}
	if err := report.WriteGeneralLedgerCSV(ctx, book, q, os.Stdout, report.CSVFrench); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Row;Account;Partner;Date;Number;Label;Debit;Credit;Balance;Letter
	// opening;512000;;01/02/2026;;Opening balance;;;1200,00;
	// detail;512000;;10/02/2026;BQD/2026/00002;Virement C2;1000,00;;2200,00;
	// detail;512000;;20/02/2026;BQD/2026/00003;Virement S1;;360,00;1840,00;
	// total;512000;;;;Total 512000 Banque;1000,00;360,00;1840,00;
	// grand total;;;;;Grand total;1000,00;360,00;1840,00;
}

package fec_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report/fec"
)

// Writing a FEC: a sale of 1 200,00 € tax included, pipe separated.
func ExampleWriter() {
	eur := currency.MustLookup("EUR")
	d := journal.MustDate(2026, time.March, 15)
	sale := fec.Row{JournalCode: "VT", JournalLib: "Ventes", EcritureNum: "VT/2026/00041",
		EcritureDate: d, PieceRef: "F2026-041", PieceDate: d, EcritureLib: "Facture 41", ValidDate: d}
	customer, income, vat := sale, sale, sale
	customer.CompteNum, customer.CompteLib, customer.CompAuxNum, customer.CompAuxLib = "411000", "Clients", "C001", "Dupont SA"
	customer.Debit = currency.MustParse(eur, "1200")
	income.CompteNum, income.CompteLib, income.Credit = "706000", "Prestations", currency.MustParse(eur, "1000")
	vat.CompteNum, vat.CompteLib, vat.Credit = "445710", "TVA collectée", currency.MustParse(eur, "200")

	w := fec.NewWriter(os.Stdout, fec.Pipe)
	for _, r := range []fec.Row{customer, income, vat} {
		if err := w.Write(r); err != nil {
			fmt.Println(err)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	fmt.Println(fec.FileName("123456782", journal.MustDate(2026, time.December, 31)))
	// Output:
	// JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise
	// VT|Ventes|VT/2026/00041|20260315|411000|Clients|C001|Dupont SA|F2026-041|20260315|Facture 41|1200,00|0,00|||20260315||
	// VT|Ventes|VT/2026/00041|20260315|706000|Prestations|||F2026-041|20260315|Facture 41|0,00|1000,00|||20260315||
	// VT|Ventes|VT/2026/00041|20260315|445710|TVA collectée|||F2026-041|20260315|Facture 41|0,00|200,00|||20260315||
	// 123456782FEC20261231
}

// Validating a FEC from another program: an entry that does not balance
// and a number skipped in the sales journal.
func ExampleValidate() {
	file := strings.Join([]string{
		"JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise",
		"VT|Ventes|41|20260315|411000|Clients|C001|Dupont SA|F41|20260315|Facture 41|1200,00|0,00|||20260315||",
		"VT|Ventes|41|20260315|706000|Prestations|||F41|20260315|Facture 41|0,00|1100,00|||20260315||",
		"VT|Ventes|43|20260316|411000|Clients|C002|Martin|F43|20260316|Facture 43|50,00|0,00|||20260316||",
		"VT|Ventes|43|20260316|706000|Prestations|||F43|20260316|Facture 43|0,00|50,00|||20260316||",
	}, "\n")
	rep, err := fec.Validate(strings.NewReader(file), fec.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("separator:", rep.Separator, "lines:", rep.Lines, "entries:", rep.Entries, "OK:", rep.OK())
	for _, f := range rep.Findings {
		fmt.Println(f)
	}
	// Output:
	// separator: pipe lines: 4 entries: 2 OK: false
	// line 2: error unbalanced: entry VT 41: debit 1200,00, credit 1100,00
	// line 4, EcritureNum: error number-gap: 43 follows 41: 1 number(s) missing
}

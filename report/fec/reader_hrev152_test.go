package fec_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

// hrev152FEC is another program's FEC: a byte order mark, CRLF line ends,
// pipes, decimal commas, a dollar invoice (Montantdevise/Idevise, signed
// against the line as some programs write it) lettered "AA" with its
// payment.
func hrev152FEC(sep string) string {
	lines := []string{
		strings.Join(fec.Header[:], "|"),
		"VE|Ventes|VE000001|20260105|411000|Clients|C1|Martin|FA-1|20260105|Facture FA-1|1234,56|0,00|AA|20260120|20260105|-1340,00|USD",
		"VE|Ventes|VE000001|20260105|706000|Ventes|||FA-1|20260105|Facture FA-1|0,00|1234,56|||20260105||",
		"BQ|Banque|BQ000001|20260120|512000|Banque|||VIR|20260120|Paiement|1234,56|0,00|||20260120||",
		"BQ|Banque|BQ000001|20260120|411000|Clients|C1|Martin|VIR|20260120|Paiement|0,00|1234,56|AA|20260120|20260120||",
	}
	return "\ufeff" + strings.ReplaceAll(strings.Join(lines, "\r\n")+"\r\n", "|", sep)
}

// Another program's FEC, pipe or tab, is valid and every row reads
// exactly: accounts, partner, amounts, letter code and date, currency.
func TestHrev152OtherProgramFEC(t *testing.T) {
	for _, sep := range []string{"|", "\t"} {
		rep, err := fec.Validate(strings.NewReader(hrev152FEC(sep)), fec.Options{FileName: "123456782FEC20261231.txt"})
		require.NoError(t, err)
		assert.True(t, rep.OK(), "%v", rep.Findings)
		assert.Empty(t, rep.Findings)
		assert.Equal(t, 2, rep.Entries)

		rd := fec.NewReader(strings.NewReader(hrev152FEC(sep)), 0)
		var rows []fec.Row
		for rd.Next() {
			if rd.Line() == 1 {
				continue
			}
			r, err := rd.Row()
			require.NoError(t, err, "line %d", rd.Line())
			require.NoError(t, r.Check())
			rows = append(rows, r)
		}
		require.NoError(t, rd.Err())
		require.Len(t, rows, 4)
		r := rows[0]
		assert.Equal(t, "411000", r.CompteNum)
		assert.Equal(t, "C1", r.CompAuxNum)
		assert.Equal(t, "2026-01-05", r.EcritureDate.String())
		assert.Equal(t, "1234.56", r.Debit.Plain())
		assert.Equal(t, "0.00", r.Credit.Plain())
		assert.Equal(t, "AA", r.EcritureLet)
		assert.Equal(t, "2026-01-20", r.DateLet.String())
		assert.Equal(t, "-1340.00", r.Montantdevise.Plain())
		assert.Equal(t, "USD", r.Idevise())
		assert.Equal(t, "", rows[1].Idevise())
		assert.Equal(t, "1234.56", rows[3].Credit.Plain())
	}
}

// A thousands separator or a decimal point in an amount is an error that
// names its line.
func TestHrev152FECBadAmountsNamed(t *testing.T) {
	for _, c := range []struct{ from, to string }{{"|1234,56|0,00|AA", "|1 234,56|0,00|AA"}, {"|1234,56|0,00|AA", "|1234.56|0,00|AA"}} {
		in := strings.Replace(hrev152FEC("|"), c.from, c.to, 1)
		rep, err := fec.Validate(strings.NewReader(in), fec.Options{})
		require.NoError(t, err)
		assert.False(t, rep.OK(), c.to)
		require.NotEmpty(t, rep.Findings)
		assert.Equal(t, 2, rep.Findings[0].Line, c.to)
		assert.Equal(t, "Debit", rep.Findings[0].Column, c.to)
	}
}

package bank_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
)

// TestRev281PainApostropheLiteral: pain.008 (and pain.001, which writes
// through the same code) puts the EPC set's apostrophe as itself in text,
// never as a character reference ("&#39;", "&apos;"), and the file still
// reads back as XML with the same names.
func TestRev281PainApostropheLiteral(t *testing.T) {
	t.Parallel()
	run := h201DebitRun()
	run.Creditor.Name = "L'Atelier d'Eloise & Fils"
	run.Debits[0].Debtor.Name = "Boulangerie l'Epi d'Or"
	run.Debits[0].Remittance = "Facture FA-2 l'acompte"
	var out bytes.Buffer
	require.NoError(t, bank.WritePain008(&out, run))
	file := out.String()
	require.NotContains(t, file, "&#39;")
	require.NotContains(t, file, "&apos;")
	require.Contains(t, file, "<Nm>L'Atelier d'Eloise + Fils</Nm>")
	require.Contains(t, file, "<Nm>Boulangerie l'Epi d'Or</Nm>")
	require.Contains(t, file, "<Ustrd>Facture FA-2 l'acompte</Ustrd>")

	var names []string
	d := xml.NewDecoder(strings.NewReader(file))
	inNm := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		switch tok := tok.(type) {
		case xml.StartElement:
			inNm = tok.Name.Local == "Nm"
		case xml.CharData:
			if inNm {
				names = append(names, string(tok))
			}
		case xml.EndElement:
			inNm = false
		}
	}
	require.Contains(t, names, "L'Atelier d'Eloise + Fils")
	h201Validate(t, out.Bytes())
}

package bank

import "github.com/lettrage/lettrage/ident"

// EPCText returns s in the EPC's Latin character set for SEPA messages
// (a–z A–Z 0–9 / - ? : ( ) . , ' + and space), cut to n characters:
// accented letters lose their accents (é → e, Œ → OE, ß → ss, Š → S,
// Ł → L), Greek and Cyrillic letters are transliterated (Παπαδόπουλος →
// Papadopoulos, Шишков → Shishkov), & becomes +, and any other character
// a full stop. Spaces are trimmed and runs of them kept as one. An n of 0
// or less gives "". It is ident.EPCText.
func EPCText(s string, n int) string { return ident.EPCText(s, n) }

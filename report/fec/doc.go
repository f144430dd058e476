// Package fec reads, writes and validates the French FEC (fichier des
// écritures comptables), the file of every accounting entry of a fiscal
// year that a company keeping computerised accounts must hand to the tax
// administration on request (article L47 A of the Livre des procédures
// fiscales; format set by article A47 A-1).
//
// The package knows the format only: it depends on no book or store. The
// code that turns a book into rows lives elsewhere and calls the Writer.
//
// # Basics
//
// A FEC is a text file: a header line of the 18 column names (Header), then
// one line per line of an entry, fields separated by a tab or a vertical
// bar. Row is one such line with typed fields; Writer writes rows:
//
//	w := fec.NewWriter(f, fec.Tab)
//	for _, row := range rows {
//		if err := w.Write(row); err != nil { … } // Row.Check's errors, or I/O
//	}
//	err := w.Flush()
//
// The file is named FileName(siren, yearEnd): "123456782FEC20261231".
//
// Validate reads any FEC, ours or another program's, and reports what the
// administration's checks report, line by line:
//
//	rep, err := fec.Validate(f, fec.Options{YearStart: start, YearEnd: end})
//	// err: reading failed. rep.OK(): no error-severity finding.
//	for _, fnd := range rep.Findings { fmt.Println(fnd) }
//
// Reader is the low-level line reader Validate uses; Reader.Row turns a line
// into a Row, to import a FEC.
//
// Choices this package makes where the law leaves room:
//
//   - Encoding: the Writer writes UTF-8 without a byte order mark. The
//     decree names character sets (ISO 8859-15 among them); UTF-8 is what
//     current software produces, and the administration's test tool detects
//     the encoding of the file it reads. Validate accepts a byte order mark and warns once
//     (CodeEncoding) about text that is not UTF-8.
//   - Line ends: the Writer ends lines with LF; Validate reads LF and CRLF.
//   - Amounts: a decimal comma, no thousands separator; Debit and Credit
//     always with two decimals, "0,00" for the empty side. A decimal point
//     is an error, as the administration's tool (Test Compta Demat) has
//     made it since 2019 (CodeDecimalMark, reported once), though Reader
//     reads it; a thousands separator is an error. Spaces
//     around an amount are no part of it (Odoo writes " 000000000000500,00",
//     a space where a minus would stand).
//   - The law's other form of the amounts, Montant and Sens (D or C, +1 or
//     -1) in place of Debit and Credit, is read and validated as them.
//   - Montantdevise is signed like the line: positive on a debit line,
//     negative on a credit line. Validate accepts either sign there, and
//     reads an empty or zero Montantdevise as no currency amount, with or
//     without its Idevise (Odoo writes the currency of an exchange line
//     beside an empty amount).
//   - Header names are checked with the law's spelling: a difference in case
//     only is a warning (the administration's tool ignores case), an unknown,
//     missing or misplaced name an error. Columns are then read by name.
//
// # Caveats
//
// Debit and Credit are EUR: a FEC is kept in euros. Only the 18-column FEC
// of commercial accounts is known; the 22-column variants (BNC, BA) are
// reported as wrong column counts.
//
// Validate checks the continuity of numbering only between numbers that end
// in digits after the same prefix, per journal; a file numbered with one
// sequence across journals needs Options.GlobalNumbering. It remembers at
// most a million entries and ten thousand journals (CodeLimit past them),
// reads lines of at most Options.LineBytesMax bytes, and keeps the first
// Options.FindingsMax findings while counting all of them. A file with
// CR-only line ends reads as one line. Validate checks the form of a file,
// not that it agrees with a book.
package fec

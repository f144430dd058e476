package print

import (
	"sync"

	"github.com/go-pdf/fpdf"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// fontFamily is the name the documents give the embedded Go fonts.
const fontFamily = "Go"

// addFonts embeds the regular and bold Go fonts in a document; fpdf
// keeps only the glyphs the document uses.
func addFonts(pdf *fpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
}

// glyphs is the set of characters both embedded fonts draw, read once
// from their character maps.
var glyphs = sync.OnceValue(func() func(rune) bool {
	var fonts []*sfnt.Font
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			panic("print: the embedded Go font does not parse: " + err.Error())
		}
		fonts = append(fonts, f)
	}
	return func(r rune) bool {
		var buf sfnt.Buffer
		for _, f := range fonts {
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				return false
			}
		}
		return true
	}
})

// hasGlyph reports whether the documents' fonts can show r. Spaces and
// the layout characters a cell never holds count as shown.
func hasGlyph(r rune) bool {
	if r == ' ' || r == '\u00a0' {
		return true
	}
	return glyphs()(r)
}

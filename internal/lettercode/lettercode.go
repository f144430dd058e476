// Package lettercode is the numbering of letter codes that the lettering
// layer gives and the book checks: the n-th code of a counter, the counter
// a code comes from, and the counter's name for an account and partner.
// It does no I/O.
package lettercode

import "math/bits"

// Code returns the n-th letter code, from 1: AAA, AAB … AAZ, ABA … ZZZ
// (the 17 576th), then AAAA … ZZZZ, then five letters, and so on. It
// panics for n < 1.
func Code(n uint64) string {
	if n < 1 {
		panic("reconcile: LetterCode of a counter below 1")
	}
	n-- // 0-based within all codes
	width, span := 3, uint64(26*26*26)
	for n >= span {
		n -= span
		width++
		if span > (1<<64-1)/26 {
			break // unreachable for any real counter
		}
		span *= 26
	}
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = byte('A' + n%26)
		n /= 26
	}
	return string(b)
}

// Number is the n Code(n) gives code, false when code is not one it
// gives: three or more capital letters, of a counter that fits a uint64
// (up to fourteen letters).
func Number(code string) (uint64, bool) {
	if len(code) < 3 || len(code) > 14 {
		return 0, false
	}
	// The codes shorter than code come first: 26^3 + … + 26^(len-1).
	var n uint64
	span := uint64(26 * 26 * 26)
	for w := 3; w < len(code); w++ {
		var carry uint64
		if n, carry = bits.Add64(n, span, 0); carry != 0 {
			return 0, false
		}
		hi, lo := bits.Mul64(span, 26)
		if hi != 0 && w+1 < len(code) {
			return 0, false
		}
		span = lo
	}
	// Then code's rank among the codes of its width, in base 26.
	var rank uint64
	for i := 0; i < len(code); i++ {
		c := code[i]
		if c < 'A' || c > 'Z' {
			return 0, false
		}
		hi, lo := bits.Mul64(rank, 26)
		if hi != 0 {
			return 0, false
		}
		var carry uint64
		if rank, carry = bits.Add64(lo, uint64(c-'A'), 0); carry != 0 {
			return 0, false
		}
	}
	var carry uint64
	if n, carry = bits.Add64(n, rank, 0); carry != 0 || n == 1<<64-1 {
		return 0, false
	}
	n++
	if Code(n) != code { // past what the counter reaches
		return 0, false
	}
	return n, true
}

// Counter names the letter-code counter of (account, partner) among the
// counters of the lettering layer; partner is "" off receivable and
// payable accounts, where codes run per account.
func Counter(account, partner string) string {
	return string(AppendCounter(nil, account, partner))
}

// AppendCounter appends Counter(account, partner) to dst.
func AppendCounter(dst []byte, account, partner string) []byte {
	dst = append(dst, "lettercode\x00"...)
	dst = append(dst, account...)
	dst = append(dst, 0)
	return append(dst, partner...)
}

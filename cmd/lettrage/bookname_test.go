package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBookNameHidesPasswords: --book as printed keeps no password, in the
// user part of a DSN or as a parameter.
func TestBookNameHidesPasswords(t *testing.T) {
	for _, dsn := range []string{
		"postgres://u:s3cret@db/erp?schema=a",
		"postgres://u@db/erp?password=s3cret&schema=a",
		"postgresql://u@db/erp?sslpassword=s3cret",
	} {
		got := bookName(dsn)
		assert.NotContains(t, got, "s3cret", dsn)
		assert.Contains(t, got, "db/erp", dsn)
	}
	assert.Equal(t, "book.db", bookName("book.db"))
}

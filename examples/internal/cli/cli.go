// Package cli is the command-line shell every example shares: the book
// file named by the first argument, or one in a temporary directory.
package cli

import (
	"context"
	"io"
	"log"
	"os"
	"path/filepath"
)

// Main runs run on the book file named by os.Args[1], or on a fresh one in
// a temporary directory removed afterwards, printing to standard output.
func Main(name string, run func(ctx context.Context, path string, out io.Writer) error) {
	path := ""
	if len(os.Args) > 1 {
		path = os.Args[1]
	} else {
		dir, err := os.MkdirTemp("", "lettrage-"+name)
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "book.db")
	}
	if err := run(context.Background(), path, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

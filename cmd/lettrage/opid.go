package main

import (
	"flag"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/journal"
)

// opFlag adds --id to a command that letters: the operation's id, so that
// a script that runs the command again after a failure it could not read
// (a crash, a lost terminal) has it replayed by the book instead of done
// twice.
func opFlag(fs *flag.FlagSet) *string {
	return fs.String("id", "", "the operation's `UUID`: the same command run again with it is replayed, not done twice (default: a fresh one each run)")
}

// operation parses --id; "" is journal.NoID, a fresh id.
func operation(name, s string) (journal.ID, error) {
	if s == "" {
		return journal.NoID, nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return journal.NoID, usagef(name, "--id: %q is not a UUID", s)
	}
	return id, nil
}

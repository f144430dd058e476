package boltstore

import (
	"errors"
	"reflect"
	"unsafe"
)

// ReviewWAL2FailNextMetaWrite makes the next write of a bbolt meta page
// reach the file and then report an error, as a commit whose meta page
// was written but whose sync failed (EIO, ENOSPC on a thin volume): the
// commit fails, rolls back in memory, and the file holds its meta. Review
// tests only: it reaches bbolt's unexported write hook.
func ReviewWAL2FailNextMetaWrite(d *DB) {
	v := reflect.ValueOf(d.db).Elem().FieldByName("ops").FieldByName("writeAt")
	p := (*func([]byte, int64) (int, error))(unsafe.Pointer(v.UnsafeAddr()))
	orig := *p
	armed := true
	page := int64(d.pageSize)
	*p = func(b []byte, off int64) (int, error) {
		n, err := orig(b, off)
		if armed && off < 2*page && err == nil {
			armed = false
			return n, errors.New("review: meta page written, its sync failed")
		}
		return n, err
	}
}

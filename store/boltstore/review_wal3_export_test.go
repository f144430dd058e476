package boltstore

import (
	"errors"
	"reflect"
	"unsafe"
)

// ReviewWAL3FailNextDataWrite makes the next write of a bbolt page other
// than a meta page fail before it reaches the file, as a write refused
// for a full disk (ENOSPC) or an I/O error: the commit fails and rolls
// back, and no meta page is written (bbolt writes the meta page only
// once the others are written). Review tests only: it reaches bbolt's
// unexported write hook.
func ReviewWAL3FailNextDataWrite(d *DB) {
	v := reflect.ValueOf(d.db).Elem().FieldByName("ops").FieldByName("writeAt")
	p := (*func([]byte, int64) (int, error))(unsafe.Pointer(v.UnsafeAddr()))
	orig := *p
	armed := true
	page := int64(d.pageSize)
	*p = func(b []byte, off int64) (int, error) {
		if armed && off >= 2*page {
			armed = false
			return 0, errors.New("review: no space left on device")
		}
		if off < 2*page && armed {
			panic("review: a meta page was written before any other page")
		}
		return orig(b, off)
	}
}

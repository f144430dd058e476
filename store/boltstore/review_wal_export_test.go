package boltstore

import "errors"

// ReviewWALBreakWBFile closes the write-behind file's descriptor under the
// DB's back, so that the next append fails as an I/O error would (its
// write and the cut back both fail: errWBFileBroken). Review tests only.
func ReviewWALBreakWBFile(d *DB) error {
	d.commitMu.Lock()
	defer d.commitMu.Unlock()
	if d.wbFile == nil {
		return errors.New("no write-behind file open")
	}
	return d.wbFile.f.Close()
}

// Package files serves uploads.
package files

import (
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
)

// Upload stores the posted file.
func Upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(32 << 20); err != nil { // want TL502
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	defer file.Close()
	out, err := os.Create(filepath.Join("uploads", filepath.Base(header.Filename)))
	if err != nil {
		http.Error(w, "cannot store", http.StatusInternalServerError)
		return
	}
	defer out.Close()
	_, _ = io.Copy(out, file)
}

// Import reads a huge multipart form into memory.
func Import(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseMultipartForm(math.MaxInt64) // want TL502
	w.WriteHeader(http.StatusAccepted)
}

// Avatar reads the file directly.
func Avatar(w http.ResponseWriter, r *http.Request) {
	f, _, err := r.FormFile("avatar") // want TL502
	if err != nil {
		return
	}
	defer f.Close()
}

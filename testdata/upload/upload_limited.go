// Package files serves uploads with a body limit (silent).
package files

import "net/http"

const maxUpload = 10 << 20

// Limited caps the body before reading the form.
func Limited(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return
	}
	defer file.Close()
}

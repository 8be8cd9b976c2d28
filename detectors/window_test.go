package detectors

import (
	"reflect"
	"testing"
)

func TestShiftSpans(t *testing.T) {
	spans := []Span{{10, 20}, {30, 40}}
	tests := []struct {
		name                string
		start, oldEnd, nlen int
		want                []Span
		ok                  bool
	}{
		{"insert before all", 0, 0, 5, []Span{{15, 25}, {35, 45}}, true},
		{"insert at a span's start", 10, 10, 5, []Span{{15, 25}, {35, 45}}, true},
		{"insert at a span's end", 20, 20, 5, []Span{{10, 20}, {35, 45}}, true},
		{"insert between", 25, 25, 2, []Span{{10, 20}, {32, 42}}, true},
		{"delete between", 22, 28, 0, []Span{{10, 20}, {24, 34}}, true},
		{"insert inside", 15, 15, 1, nil, false},
		{"replace across a start", 8, 12, 0, nil, false},
		{"delete a span's last byte", 19, 20, 0, nil, false},
		{"after all", 50, 55, 1, []Span{{10, 20}, {30, 40}}, true},
	}
	for _, tt := range tests {
		got, ok := ShiftSpans(spans, tt.start, tt.oldEnd, tt.nlen)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v %v, want %v %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	if !reflect.DeepEqual(spans, []Span{{10, 20}, {30, 40}}) {
		t.Errorf("ShiftSpans modified its input: %v", spans)
	}
}

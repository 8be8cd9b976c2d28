package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// Options configures Run.
type Options struct {
	// Logger receives the server's log. It must not write to the LSP output
	// stream (use stderr). Nil discards logs.
	Logger *zap.Logger
	// Version is reported in initialize's serverInfo.
	Version string
	// ProcessAlive reports whether the client process with the given id is
	// still running. Nil uses kill(pid, 0) on Unix.
	ProcessAlive func(pid int) bool
	// ProcessPollInterval is how often the client process is checked.
	// Zero means 500ms.
	ProcessPollInterval time.Duration
	// WholeFile analyses the whole document after every edit instead of
	// the region the edit touched (for measuring what region analysis
	// saves).
	WholeFile bool
	// ConfirmDelay is how long a document must stay unchanged after a
	// region analysis before a whole-file analysis confirms it. Zero means
	// 300ms.
	ConfirmDelay time.Duration
	// WindowBytes is the document size from which a region analysis runs
	// on a parse of a window of the text (the statements the edit touched
	// and the file's imports and small top-level declarations) instead of
	// a reparse of the whole file: see detectors/window.go. Zero means
	// 8 KiB (about 250 lines); a negative value turns windows off.
	WindowBytes int
	// Debounce is the delay between the last edit and the analysis until
	// the client's settings ("debounceMs") say otherwise. Zero means
	// automatic (none while edits are analysed in under 25 ms on average,
	// else 30 ms); a negative value means no delay.
	Debounce time.Duration

	// hooks are test-only interception points.
	hooks *hooks
}

// hooks lets in-package tests slow down or observe the server.
type hooks struct {
	// beforeCodeAction runs at the start of a code action's off-loop work.
	beforeCodeAction func(ctx context.Context)
	// onServer receives the session's server before it reads input.
	onServer func(*server)
}

// lifecycle states.
const (
	stateNew int32 = iota
	stateRunning
	stateShutdown
)

// server is one LSP session.
type server struct {
	ctx    context.Context // cancelled when Run returns
	logger *zap.Logger
	opts   Options
	conn   jsonrpc2.Conn
	pool   *grammars.Pool

	lifecycle atomic.Int32
	stopped   atomic.Bool

	// exitCh receives the exit code once: from exit, from the client process
	// dying, or never.
	exitCh   chan int
	exitOnce sync.Once

	inflightMu sync.Mutex
	inflight   map[jsonrpc2.ID]*inflight
	requests   sync.WaitGroup

	// Negotiated at initialize, read-only afterwards.
	enc             textpos.Encoding
	documentChanges bool
	// createFiles: the client applies CreateFile in documentChanges
	// (workspace.workspaceEdit.resourceOperations has "create").
	createFiles bool
	// root is the workspace root directory ("" when the client gave none).
	root string

	cfgMu sync.Mutex
	cfg   settings

	docs *store

	// trace is the client's trace value and the $/logTrace queue.
	trace *tracer

	// envFlagged holds the open env files showing TL106 (see
	// workspace.go).
	envMu      sync.Mutex
	envFlagged map[protocol.DocumentURI]bool
}

// Run serves one LSP session over in and out until the client exits, the
// input ends, the client process dies or ctx is cancelled. See the package
// documentation for the exit codes.
func Run(ctx context.Context, in io.Reader, out io.Writer, opts Options) (exitCode int, err error) {
	if in == nil || out == nil {
		return 1, errors.New("server: Run needs an input and an output stream")
	}
	logger := opts.Logger
	if logger == nil {
		logger = zap.NewNop()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	st := newStream(in, out, logger)
	conn := jsonrpc2.NewConn(st)
	s := &server{
		ctx:      ctx,
		logger:   logger,
		opts:     opts,
		conn:     conn,
		pool:     &grammars.Pool{},
		exitCh:   make(chan int, 1),
		inflight: make(map[jsonrpc2.ID]*inflight),
		cfg:      defaultSettings(opts.Debounce),
		docs:     newStore(),
		trace:    newTracer(),

		envFlagged: map[protocol.DocumentURI]bool{},
	}
	if opts.hooks != nil && opts.hooks.onServer != nil {
		opts.hooks.onServer(s)
	}
	conn.Go(ctx, s.handle)
	go s.traceLoop()
	logger.Info("trustlint language server started", zap.String("version", opts.Version))

	select {
	case code := <-s.exitCh:
		exitCode = code
	case <-conn.Done():
		cerr := conn.Err()
		switch {
		case cerr == nil || errors.Is(cerr, io.EOF) || errors.Is(cerr, io.ErrClosedPipe) || errors.Is(cerr, context.Canceled):
			logger.Info("input closed")
		default:
			err = fmt.Errorf("server: connection failed: %w", cerr)
		}
		exitCode = s.exitCodeNow()
	case <-ctx.Done():
		logger.Info("context cancelled")
		exitCode = s.exitCodeNow()
	}
	s.stop(st)
	logger.Info("trustlint language server stopped", zap.Int("exitCode", exitCode))
	return exitCode, err
}

// exitCodeNow is the exit code for an end without exit: 0 when shutdown was
// received, 1 otherwise.
func (s *server) exitCodeNow() int {
	if s.state() == stateShutdown {
		return 0
	}
	return 1
}

// signalExit hands Run its exit code, once.
func (s *server) signalExit(code int) {
	s.exitOnce.Do(func() { s.exitCh <- code })
}

// stop tears the session down: no more handling, analyses cancelled, trees
// and parsers freed. Work still writing to a client that stopped reading is
// given a bounded time.
func (s *server) stop(st *stream) {
	// Requests already read (a shutdown sent right before exit, say) get
	// their answers first, briefly; then whatever is left is cancelled.
	waitTimeout(&s.requests, time.Second)
	s.stopped.Store(true)
	s.docs.closeAll(s)
	s.inflightMu.Lock()
	for id, f := range s.inflight {
		f.cancel()
		delete(s.inflight, id)
	}
	s.inflightMu.Unlock()
	waitTimeout(&s.requests, 5*time.Second)
	s.docs.waitWorkers(5 * time.Second)
	s.docs.freeAll()
	if err := st.Close(); err != nil {
		s.logger.Debug("closing stream", zap.Error(err))
	}
	s.pool.Close()
}

func waitTimeout(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

func (s *server) state() int32 { return s.lifecycle.Load() }

// shutdown handles the shutdown request: analyses stop, later requests get
// InvalidRequest, and exit will return 0.
func (s *server) shutdown(_ context.Context, _ json.RawMessage) (func(context.Context) (any, error), error) {
	s.lifecycle.Store(stateShutdown)
	s.docs.cancelAll()
	s.logger.Info("shutdown requested")
	return immediate(nil), nil
}

// exit handles the exit notification.
func (s *server) exit() {
	code := s.exitCodeNow()
	s.logger.Info("exit requested", zap.Int("exitCode", code))
	s.signalExit(code)
}

// watchClientProcess ends the session when the client process dies.
func (s *server) watchClientProcess(pid int) {
	alive := s.opts.ProcessAlive
	if alive == nil {
		alive = processAlive
	}
	interval := s.opts.ProcessPollInterval
	if interval <= 0 {
		interval = 500 * time.Millisecond
	}
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-t.C:
				if !alive(pid) {
					s.logger.Info("client process exited; stopping", zap.Int("pid", pid))
					s.signalExit(s.exitCodeNow())
					return
				}
			}
		}
	}()
}

// notify sends a notification to the client, logging failures.
func (s *server) notify(method string, params any) {
	if s.stopped.Load() {
		return
	}
	s.traceNotification(method, params)
	if err := s.conn.Notify(context.WithoutCancel(s.ctx), method, params); err != nil {
		s.logger.Warn("notification to client failed", zap.String("method", method), zap.Error(err))
	}
}

// config returns the current settings.
func (s *server) config() settings {
	s.cfgMu.Lock()
	defer s.cfgMu.Unlock()
	return s.cfg
}

// analysisConfig is the detectors configuration of the current settings.
func (s *server) analysisConfig() detectors.Config {
	c := s.config()
	return combine(c.workspace.Detectors, c.detectors)
}

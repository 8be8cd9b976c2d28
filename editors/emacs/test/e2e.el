;;; e2e.el --- batch Emacs + eglot end-to-end test of trustlint.el  -*- lexical-binding: t -*-
;; Started by run.sh: load trustlint.el, (trustlint-eglot-setup), open the file, start
;; eglot from `eglot-server-programs' -> flymake shows the TL101 diagnostic -> apply the
;; fix (E2E_MODE=quickfix: M-x eglot-code-actions, the fix picked at its prompt;
;; E2E_MODE=fixall: M-x trustlint-fix-all) -> save -> file on disk fixed -> diagnostic
;; gone.  Verdict goes to $E2E_RESULT.
(require 'package)
(package-activate-all)                  ; Debian's elpa-eglot lives in site-lisp/elpa
(require 'cl-lib)
(require 'eglot)
(load (getenv "TRUSTLINT_EL") nil t)

(defvar e2e-file (getenv "E2E_FILE"))
(defvar e2e-mode (getenv "E2E_MODE"))
(defvar e2e-code (getenv "EXPECT_CODE"))
(defvar e2e-diag (getenv "EXPECT_DIAG"))
(defvar e2e-fix-title (getenv "FIX_TITLE"))
(defvar e2e-fixed (getenv "EXPECT_FIXED"))
(defvar e2e-gone (or (getenv "EXPECT_GONE") ""))
(defvar e2e-step-secs (string-to-number (or (getenv "E2E_STEP_TIMEOUT") "15")))
(defvar e2e-t0 (float-time))

(defun e2e-log (fmt &rest args)
  (princ (format "[emacs %.2fs] %s\n" (- (float-time) e2e-t0) (apply #'format fmt args))
         #'external-debugging-output))
(define-error 'e2e-fail "e2e failure")
(defun e2e-fail (fmt &rest args) (signal 'e2e-fail (list (apply #'format fmt args))))
(defun e2e-finish (verdict code)
  (with-temp-file (getenv "E2E_RESULT") (insert verdict))
  (kill-emacs code))
(defun e2e-wait (pred)
  (let ((deadline (+ (float-time) e2e-step-secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))
(defun e2e-has (s sub) (and s (string-match-p (regexp-quote sub) s)))

(defun e2e-matching ()
  (cl-remove-if-not
   (lambda (d)
     (let ((lsp (cdr (assoc 'eglot-lsp-diag (eglot--diag-data d)))))
       (and (equal (format "%s" (plist-get lsp :code)) e2e-code)
            (equal (plist-get lsp :source) "trustlint")
            (e2e-has (plist-get lsp :message) e2e-diag))))
   (flymake-diagnostics)))

(defun e2e-kick ()
  ;; batch mode has no command loop: flymake never starts on its own
  (flymake-start)
  (accept-process-output nil 0.05))

(setq make-backup-files nil create-lockfiles nil
      eglot-sync-connect e2e-step-secs eglot-autoshutdown t eglot-events-buffer-size 0
      trustlint-executable (getenv "TRUSTLINT_BIN")
      trustlint-settings '(:debounceMs 10))

(condition-case err
    (progn
      (trustlint-eglot-setup)
      (find-file e2e-file)
      (e2e-log "emacs %s, eglot %s, %s" emacs-version
               (package-version-join (package-desc-version (cadr (assq 'eglot package-alist)))) major-mode)
      ;; what M-x eglot does: guess the contact from `eglot-server-programs'
      (let ((contact (eglot--guess-contact)))
        (e2e-log "eglot contact: %S" (nth 3 contact))
        (unless (equal (car (nth 3 contact)) trustlint-executable)
          (e2e-fail "eglot-server-programs does not route %s to trustlint" major-mode))
        (apply #'eglot contact))
      (unless (e2e-wait #'eglot-current-server) (e2e-fail "eglot did not connect"))

      ;; 1. the diagnostic
      (unless (e2e-wait (lambda () (or (e2e-matching) (progn (e2e-kick) nil))))
        (e2e-fail "no %s diagnostic %S within %ss; saw %S" e2e-code e2e-diag e2e-step-secs
                  (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
      (let* ((d (car (e2e-matching)))
             (beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
        (e2e-log "diagnostic %S on %S" (flymake-diagnostic-text d)
                 (truncate-string-to-width (buffer-substring beg end) 12))
        ;; 2. the fix
        (pcase e2e-mode
          ("quickfix"
           (let ((titles (mapcar (lambda (a) (plist-get a :title)) (eglot-code-actions beg end))))
             (e2e-log "code actions: %S" titles)
             (unless (member e2e-fix-title titles) (e2e-fail "no code action titled %S" e2e-fix-title)))
           ;; M-x eglot-code-actions, answering its prompt with the fix's title
           (let ((last-nonmenu-event ?\r))
             (cl-letf (((symbol-function 'completing-read) (lambda (&rest _) e2e-fix-title)))
               (goto-char beg)
               (eglot-code-actions beg end nil t))))
          ("fixall" (trustlint-fix-all))
          (_ (e2e-fail "unknown E2E_MODE %S" e2e-mode))))
      (unless (e2e-wait (lambda () (e2e-has (buffer-string) e2e-fixed)))
        (e2e-fail "buffer lacks %S after the fix: %S" e2e-fixed (buffer-string)))

      ;; 3. save, check the disk
      (save-buffer)
      (let ((content (with-temp-buffer (insert-file-contents e2e-file) (buffer-string))))
        (e2e-log "file on disk:\n%s" content)
        (unless (e2e-has content e2e-fixed) (e2e-fail "file on disk lacks %S" e2e-fixed))
        (when (and (not (string-empty-p e2e-gone)) (e2e-has content e2e-gone))
          (e2e-fail "file on disk still has %S" e2e-gone)))

      ;; 4. the diagnostic goes away
      (unless (e2e-wait (lambda () (e2e-kick) (null (e2e-matching))))
        (e2e-fail "diagnostic still present after the fix"))
      (e2e-log "diagnostic cleared")
      (eglot-shutdown (eglot-current-server))
      (e2e-finish "PASS" 0))
  (e2e-fail (e2e-log "FAIL: %s" (cadr err)) (e2e-finish (concat "FAIL: " (cadr err)) 1))
  (error (let ((msg (format "lisp error %S" err)))
           (e2e-log "FAIL: %s" msg) (e2e-finish (concat "FAIL: " msg) 1))))

;;; trustlint.el --- trustlint language server for eglot and lsp-mode  -*- lexical-binding: t -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools
;; URL: https://github.com/trustlint/trustlint

;;; Commentary:

;; trustlint flags the security mistakes AI coding assistants make (hardcoded secrets,
;; credentials, ...) in JavaScript, TypeScript, Go and Python, and fixes them with code
;; actions.  This file registers `trustlint lsp' with eglot and with lsp-mode.
;;
;;   (load "/path/to/trustlint/editors/emacs/trustlint.el")
;;   (trustlint-eglot-setup)                        ; eglot: trustlint for these modes
;;   (add-hook 'js-mode-hook #'eglot-ensure)        ; ... and start it automatically
;;
;; eglot runs one server per buffer: `trustlint-eglot-setup' puts trustlint first in
;; `eglot-server-programs' for JavaScript, TypeScript, Go and Python modes, in place of
;; typescript-language-server, gopls or pylsp there.  lsp-mode runs trustlint as an
;; add-on next to those servers; loading this file is enough for it.
;;
;; Commands: `trustlint-fix-all' applies every trustlint fix in the buffer (eglot);
;; `trustlint-scan' lists a project's findings in a compilation buffer.

;;; Code:

(require 'cl-lib)

(defgroup trustlint nil
  "trustlint: security mistakes of AI coding assistants, flagged and fixed."
  :group 'tools
  :prefix "trustlint-")

(defcustom trustlint-executable "trustlint"
  "The trustlint binary: a name looked up in `exec-path', or an absolute file name."
  :type 'string)

(defcustom trustlint-settings nil
  "Server settings, sent as initializationOptions, as a plist.
For example (:debounceMs 30 :rules (:disable [\"TL102\"]) :severity (:TL101 \"warning\")).
Lists of rule IDs must be vectors so that they encode as JSON arrays."
  :type 'plist)

(defconst trustlint-eglot-modes
  '((((js-mode :language-id "javascript") (js2-mode :language-id "javascript")
      (rjsx-mode :language-id "javascriptreact") (js-ts-mode :language-id "javascript")))
    (((typescript-mode :language-id "typescript") (typescript-ts-mode :language-id "typescript")))
    (((tsx-ts-mode :language-id "typescriptreact")))
    (((go-mode :language-id "go") (go-ts-mode :language-id "go")))
    (((python-mode :language-id "python") (python-ts-mode :language-id "python"))))
  "Groups of major modes, each served by its own trustlint process under eglot.
eglot (before 1.15) sends one languageId for every buffer of a server, so each
language gets its own entry in `eglot-server-programs'.")

(defun trustlint--executable ()
  "The trustlint binary to run, or signal a `user-error' telling how to install it."
  (or (and (file-name-absolute-p trustlint-executable)
           (file-executable-p trustlint-executable)
           trustlint-executable)
      (executable-find trustlint-executable)
      (user-error "trustlint: `%s' not found; install it with `go install github.com/trustlint/trustlint/cmd/trustlint@latest' or set `trustlint-executable'"
                  trustlint-executable)))

(defun trustlint--initialization-options (&rest _)
  "The initializationOptions: `trustlint-settings', or an empty JSON object."
  (or trustlint-settings (make-hash-table)))

(defun trustlint--eglot-contact (&optional _interactive)
  "The eglot contact for trustlint, read when a server starts."
  (list (trustlint--executable) "lsp"
        :initializationOptions #'trustlint--initialization-options))

;;;###autoload
(defun trustlint-eglot-setup ()
  "Serve JavaScript, TypeScript, Go and Python buffers with trustlint under eglot."
  (interactive)
  (require 'eglot)
  (defvar eglot-server-programs)
  (dolist (group (reverse trustlint-eglot-modes))
    (let ((modes (car group)))
      (setq eglot-server-programs (cl-remove modes eglot-server-programs :key #'car :test #'equal))
      (push (cons modes #'trustlint--eglot-contact) eglot-server-programs))))

(declare-function eglot-code-actions "eglot")
(declare-function eglot-current-server "eglot")

;;;###autoload
(defun trustlint-fix-all ()
  "Apply every trustlint fix in the buffer (code action kind source.fixAll.trustlint).
Useful in `before-save-hook':
  (add-hook \\='before-save-hook #\\='trustlint-fix-all nil t)"
  (interactive)
  (when (and (fboundp 'eglot-current-server) (eglot-current-server))
    (condition-case err
        (eglot-code-actions (point-min) (point-max) "source.fixAll.trustlint" t)
      (error (unless (string-match-p "No .* code actions" (error-message-string err))
               (signal (car err) (cdr err)))))))

(defun trustlint--project-root ()
  "The current project's root, or `default-directory'."
  (or (and (fboundp 'project-current)
           (let ((p (project-current)))
             (and p (if (fboundp 'project-root) (project-root p) (car (with-no-warnings (project-roots p)))))))
      default-directory))

;;;###autoload
(defun trustlint-scan (dir)
  "List trustlint's findings under DIR in a compilation buffer (next-error works)."
  (interactive (list (read-directory-name "trustlint scan: " (trustlint--project-root))))
  (let ((default-directory (file-name-as-directory (expand-file-name dir))))
    (compilation-start (concat (shell-quote-argument (trustlint--executable)) " check .")
                       nil (lambda (_) "*trustlint*"))))

;; lsp-mode: trustlint as an add-on client next to the language's main server.
(with-eval-after-load 'lsp-mode
  (when (fboundp 'lsp-register-client)
    (dolist (pair '((js-mode . "javascript") (js2-mode . "javascript") (rjsx-mode . "javascriptreact")
                    (js-ts-mode . "javascript") (typescript-mode . "typescript")
                    (typescript-ts-mode . "typescript") (tsx-ts-mode . "typescriptreact")
                    (go-mode . "go") (go-ts-mode . "go")
                    (python-mode . "python") (python-ts-mode . "python")))
      (with-no-warnings
        (add-to-list 'lsp-language-id-configuration pair)))
    (with-no-warnings
      (lsp-register-client
       (make-lsp-client
        :new-connection (lsp-stdio-connection
                         (lambda () (list (trustlint--executable) "lsp"))
                         (lambda () (ignore-errors (trustlint--executable))))
        :activation-fn (lsp-activate-on "javascript" "javascriptreact" "typescript"
                                        "typescriptreact" "go" "python")
        :initialization-options #'trustlint--initialization-options
        :add-on? t
        :priority -1
        :server-id 'trustlint)))))

(provide 'trustlint)
;;; trustlint.el ends here

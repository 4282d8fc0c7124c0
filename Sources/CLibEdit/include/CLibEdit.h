#ifndef CLIBEDIT_H
#define CLIBEDIT_H

// A small C shim over libedit (histedit.h). libedit's el_set/el_get/history are variadic, which Swift
// cannot call, so these plain functions wrap the calls hws needs. All strings are UTF-8; all offsets
// handed to Swift count characters (Unicode scalars), never bytes.

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hws_editor hws_editor;

/// What a completion callback asks the editor to do: delete `delete_count` characters before the
/// cursor, insert `insert` (may be NULL), and show `listing` under the line (may be NULL). Strings
/// must be allocated with malloc (e.g. strdup); the shim frees them.
typedef struct {
    int delete_count;
    char *insert;
    char *listing;
} hws_completion_result;

/// Called on Tab with the whole line (UTF-8) and the cursor as a character offset.
typedef void (*hws_complete_fn)(void *context, const char *line, int cursor, hws_completion_result *out);

/// Sets LC_CTYPE from the environment (falling back to C.UTF-8 when that is not a UTF-8 locale), so
/// libedit keeps non-ASCII input such as æ, ø, å. Call before hws_editor_new. Returns 1 if the
/// resulting locale is UTF-8.
int hws_locale_init(void);

/// Creates an editor on stdin/stdout with emacs bindings, Ctrl-R incremental search and an in-memory
/// history capped at `history_size` entries. Returns NULL if libedit cannot start.
hws_editor *hws_editor_new(const char *program, int history_size);
void hws_editor_free(hws_editor *editor);

void hws_editor_set_prompt(hws_editor *editor, const char *prompt);
void hws_editor_set_completer(hws_editor *editor, hws_complete_fn function, void *context);

/// Status of hws_editor_gets.
enum { HWS_LINE = 0, HWS_EOF = 1, HWS_INTERRUPTED = 2, HWS_ERROR = 3 };

/// Reads one line (without its trailing newline) into a malloc'd string the caller frees, or returns
/// NULL with *status set to HWS_EOF (Ctrl-D on an empty line), HWS_INTERRUPTED (Ctrl-C) or HWS_ERROR.
char *hws_editor_gets(hws_editor *editor, int *status);

/// Adds an entry to the in-memory history (the one Up/Down and Ctrl-R search).
void hws_editor_history_add(hws_editor *editor, const char *line);
/// Number of entries in the in-memory history.
int hws_editor_history_count(hws_editor *editor);

/// SIGINT: installs a handler without SA_RESTART, so a blocking read returns EINTR (libedit then
/// gives up the line) and long work sees the request. `callback` (may be NULL) runs inside the
/// handler and must be async-signal-safe.
void hws_install_sigint_handler(void (*callback)(void));
/// How many SIGINTs arrived since the last call (and resets the count).
int hws_take_sigint_count(void);

/// isatty for stdin and stdout together.
int hws_is_interactive(void);

/// Starts `path` with `argv` and `envp` (NULL-terminated) on a new pseudo-terminal that becomes its
/// controlling terminal (so Ctrl-C typed into it sends SIGINT). Returns the child's pid and the master
/// side in *master_fd, or -1 when no pseudo-terminal can be opened. Used by tests that drive the real
/// binary as a user would.
int hws_pty_spawn(const char *path, char *const argv[], char *const envp[], int columns, int rows, int *master_fd);

#ifdef __cplusplus
}
#endif

#endif

#define _GNU_SOURCE
#include "CLibEdit.h"

#include <errno.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

struct hws_editor {
    EditLine *el;
    History *history;
    char *prompt;
    hws_complete_fn complete;
    void *complete_context;
    FILE *out;
};

// MARK: - locale

int hws_locale_init(void) {
    setlocale(LC_CTYPE, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL || (strcasecmp(codeset, "UTF-8") != 0 && strcasecmp(codeset, "utf8") != 0)) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "C.utf8");
        codeset = nl_langinfo(CODESET);
    }
    return codeset != NULL && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "utf8") == 0);
}

// MARK: - UTF-8 <-> wchar_t (UCS-4 on Linux), independent of the locale

static char *utf8_from_wide(const wchar_t *w, size_t n) {
    char *s = malloc(n * 4 + 1);
    if (s == NULL) return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned long c = (unsigned long)w[i];
        if (c < 0x80) {
            s[j++] = (char)c;
        } else if (c < 0x800) {
            s[j++] = (char)(0xC0 | (c >> 6));
            s[j++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            s[j++] = (char)(0xE0 | (c >> 12));
            s[j++] = (char)(0x80 | ((c >> 6) & 0x3F));
            s[j++] = (char)(0x80 | (c & 0x3F));
        } else {
            s[j++] = (char)(0xF0 | (c >> 18));
            s[j++] = (char)(0x80 | ((c >> 12) & 0x3F));
            s[j++] = (char)(0x80 | ((c >> 6) & 0x3F));
            s[j++] = (char)(0x80 | (c & 0x3F));
        }
    }
    s[j] = '\0';
    return s;
}

static wchar_t *wide_from_utf8(const char *s) {
    size_t n = strlen(s);
    wchar_t *w = malloc((n + 1) * sizeof(wchar_t));
    if (w == NULL) return NULL;
    size_t i = 0, j = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        unsigned long c;
        int extra;
        if (b < 0x80) { c = b; extra = 0; }
        else if ((b & 0xE0) == 0xC0) { c = b & 0x1F; extra = 1; }
        else if ((b & 0xF0) == 0xE0) { c = b & 0x0F; extra = 2; }
        else if ((b & 0xF8) == 0xF0) { c = b & 0x07; extra = 3; }
        else { c = 0xFFFD; extra = 0; }
        i++;
        for (int k = 0; k < extra; k++) {
            if (i < n && (((unsigned char)s[i]) & 0xC0) == 0x80) { c = (c << 6) | (((unsigned char)s[i]) & 0x3F); i++; }
            else { c = 0xFFFD; break; }
        }
        w[j++] = (wchar_t)c;
    }
    w[j] = L'\0';
    return w;
}

// MARK: - callbacks from libedit

static hws_editor *editor_of(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return (hws_editor *)data;
}

static char *prompt_of(EditLine *el) {
    hws_editor *editor = editor_of(el);
    return (editor != NULL && editor->prompt != NULL) ? editor->prompt : "";
}

static unsigned char complete_command(EditLine *el, int ch) {
    (void)ch;
    hws_editor *editor = editor_of(el);
    if (editor == NULL || editor->complete == NULL) return CC_ERROR;
    const LineInfoW *info = el_wline(el);
    size_t length = (size_t)(info->lastchar - info->buffer);
    int cursor = (int)(info->cursor - info->buffer);
    char *line = utf8_from_wide(info->buffer, length);
    if (line == NULL) return CC_ERROR;
    hws_completion_result result = {0, NULL, NULL};
    editor->complete(editor->complete_context, line, cursor, &result);
    free(line);

    unsigned char status = CC_REFRESH;
    if (result.delete_count > 0) el_deletestr(el, result.delete_count);
    if (result.insert != NULL && result.insert[0] != '\0') {
        wchar_t *w = wide_from_utf8(result.insert);
        if (w != NULL) { el_winsertstr(el, w); free(w); }
    }
    if (result.listing != NULL && result.listing[0] != '\0') {
        fputs("\n", editor->out);
        fputs(result.listing, editor->out);
        fflush(editor->out);
        status = CC_REDISPLAY;
    }
    if (result.insert == NULL && result.listing == NULL && result.delete_count == 0) status = CC_REFRESH_BEEP;
    free(result.insert);
    free(result.listing);
    return status;
}

// MARK: - reading keys

static volatile sig_atomic_t sigint_count = 0;
/// The Ctrl-C count when the running el_gets began: a higher count means Ctrl-C was pressed since.
static volatile sig_atomic_t gets_sigint_base = 0;

/// One byte from `fd`: 1, 0 at end of input, -1 with errno EINTR once a Ctrl-C came during el_gets.
/// Waits with poll(2) in 20 ms slices and looks at the counter between them, so a Ctrl-C that lands
/// after the prompt is drawn but before the wait begins (or that another thread's handler took, so
/// no EINTR reaches this thread) still ends the line at once, instead of being lost.
static int read_byte_watching_ctrl_c(int fd, unsigned char *byte) {
    for (;;) {
        if (sigint_count != gets_sigint_base) { errno = EINTR; return -1; }
        struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
        int ready = poll(&p, 1, 20);
        if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
        if (ready < 0) return -1;
        ssize_t n = read(fd, byte, 1);
        if (n == 1) return 1;
        if (n == 0) return 0;
        if (errno == EINTR || errno == EAGAIN) continue;
        return -1;
    }
}

/// libedit's character reader (EL_GETCFN): UTF-8 bytes from standard input to one wide character,
/// through `read_byte_watching_ctrl_c`. A byte that does not begin or continue a UTF-8 sequence is
/// passed on as it is (as libedit's own reader does with invalid input).
static int read_char_watching_ctrl_c(EditLine *el, wchar_t *out) {
    (void)el;
    unsigned char b;
    int r = read_byte_watching_ctrl_c(STDIN_FILENO, &b);
    if (r <= 0) { *out = L'\0'; return r; }
    int need;
    wchar_t c;
    if (b < 0x80) { *out = (wchar_t)b; return 1; }
    else if ((b & 0xE0) == 0xC0) { need = 1; c = b & 0x1F; }
    else if ((b & 0xF0) == 0xE0) { need = 2; c = b & 0x0F; }
    else if ((b & 0xF8) == 0xF0) { need = 3; c = b & 0x07; }
    else { *out = (wchar_t)b; return 1; }
    for (int i = 0; i < need; i++) {
        r = read_byte_watching_ctrl_c(STDIN_FILENO, &b);
        if (r <= 0) { *out = L'\0'; return r; }
        if ((b & 0xC0) != 0x80) { *out = (wchar_t)b; return 1; }
        c = (c << 6) | (b & 0x3F);
    }
    *out = c;
    return 1;
}

// MARK: - editor

hws_editor *hws_editor_new(const char *program, int history_size) {
    hws_editor *editor = calloc(1, sizeof(hws_editor));
    if (editor == NULL) return NULL;
    editor->out = stdout;
    editor->el = el_init(program, stdin, stdout, stderr);
    if (editor->el == NULL) { free(editor); return NULL; }
    editor->history = history_init();
    HistEvent event;
    if (editor->history != NULL) {
        history(editor->history, &event, H_SETSIZE, history_size > 0 ? history_size : 1000);
        history(editor->history, &event, H_SETUNIQUE, 1);
        el_set(editor->el, EL_HIST, history, editor->history);
    }
    el_set(editor->el, EL_CLIENTDATA, (void *)editor);
    el_set(editor->el, EL_EDITOR, "emacs");
    el_set(editor->el, EL_SIGNAL, 0);
    el_set(editor->el, EL_GETCFN, read_char_watching_ctrl_c);
    el_set(editor->el, EL_PROMPT, prompt_of);
    el_set(editor->el, EL_ADDFN, "hws-complete", "Complete the word at the cursor", complete_command);
    el_set(editor->el, EL_BIND, "^I", "hws-complete", NULL);
    el_set(editor->el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_source(editor->el, NULL);  // the user's ~/.editrc, if any
    return editor;
}

void hws_editor_free(hws_editor *editor) {
    if (editor == NULL) return;
    if (editor->el != NULL) el_end(editor->el);
    if (editor->history != NULL) history_end(editor->history);
    free(editor->prompt);
    free(editor);
}

void hws_editor_set_prompt(hws_editor *editor, const char *prompt) {
    free(editor->prompt);
    editor->prompt = strdup(prompt != NULL ? prompt : "");
}

void hws_editor_set_completer(hws_editor *editor, hws_complete_fn function, void *context) {
    editor->complete = function;
    editor->complete_context = context;
}

char *hws_editor_gets(hws_editor *editor, int *status) {
    int count = 0;
    int before = sigint_count;
    gets_sigint_base = before;
    errno = 0;
    const char *line = el_gets(editor->el, &count);
    int saved = errno;
    if (line == NULL || count <= 0) {
        if (sigint_count != before || saved == EINTR) *status = HWS_INTERRUPTED;
        else if (count == 0) *status = HWS_EOF;
        else *status = HWS_ERROR;
        return NULL;
    }
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
    char *copy = malloc(n + 1);
    if (copy == NULL) { *status = HWS_ERROR; return NULL; }
    memcpy(copy, line, n);
    copy[n] = '\0';
    *status = HWS_LINE;
    return copy;
}

void hws_editor_history_add(hws_editor *editor, const char *line) {
    if (editor->history == NULL || line == NULL || line[0] == '\0') return;
    HistEvent event;
    history(editor->history, &event, H_ENTER, line);
}

int hws_editor_history_count(hws_editor *editor) {
    if (editor->history == NULL) return 0;
    HistEvent event;
    if (history(editor->history, &event, H_GETSIZE) < 0) return 0;
    return event.num;
}

// MARK: - signals

static void (*sigint_callback)(void) = NULL;

static void on_sigint(int signal_number) {
    (void)signal_number;
    sigint_count++;
    if (sigint_callback != NULL) sigint_callback();
}

void hws_install_sigint_handler(void (*callback)(void)) {
    sigint_callback = callback;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocking read returns EINTR
    sigaction(SIGINT, &action, NULL);
    // A parent may have started us with SIGINT blocked; Ctrl-C must reach the handler.
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
}

int hws_take_sigint_count(void) {
    int n = sigint_count;
    sigint_count = 0;
    return n;
}

int hws_is_interactive(void) {
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

// MARK: - pseudo-terminal (tests)

int hws_pty_spawn(const char *path, char *const argv[], char *const envp[], int columns, int rows, int *master_fd) {
    struct winsize size;
    memset(&size, 0, sizeof size);
    size.ws_col = (unsigned short)columns;
    size.ws_row = (unsigned short)rows;
    int master = -1;
    pid_t pid = forkpty(&master, NULL, NULL, &size);
    if (pid < 0) return -1;
    if (pid == 0) {
        // The child starts clean: no blocked signals, default dispositions (the caller's threads may differ).
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGINT, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        execve(path, argv, envp);
        _exit(127);
    }
    *master_fd = master;
    return (int)pid;
}

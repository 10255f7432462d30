/*
 * csv2jsonl: turns a CSV of articles (a header naming at least "date" and
 * "text"; RFC 4180 quoting) into deeds' JSON Lines input.  Bench tool only:
 * it lets `make bench` run on the NGEC Guardian sample when it is present.
 *   csv2jsonl FILE.csv [COPIES] > articles.jsonl
 * COPIES repeats the corpus (ids made unique) to get a longer run.
 */
#include "deeds.h"

#include <stdlib.h>
#include <string.h>

/* Reads one CSV field into b; returns the character that ended it (',',
 * '\n' or EOF). */
static int read_field(FILE *f, deeds_buf *b)
{
    deeds_buf_reset(b);
    int c = fgetc(f);
    if (c == '"') {
        for (;;) {
            c = fgetc(f);
            if (c == EOF)
                return EOF;
            if (c == '"') {
                c = fgetc(f);
                if (c != '"')
                    break;
            }
            char ch = (char)c;
            deeds_buf_append(b, &ch, 1);
        }
    }
    while (c != ',' && c != '\n' && c != EOF) {
        if (c != '\r') {
            char ch = (char)c;
            deeds_buf_append(b, &ch, 1);
        }
        c = fgetc(f);
    }
    if (!b->data)
        deeds_buf_append(b, "", 0);
    return c;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: csv2jsonl FILE.csv [COPIES]\n", stderr);
        return 1;
    }
    int copies = argc > 2 ? atoi(argv[2]) : 1;
    for (int copy = 0; copy < copies; copy++) {
        FILE *f = fopen(argv[1], "rb");
        if (!f) {
            perror(argv[1]);
            return 1;
        }
        int date_col = -1, text_col = -1, col = 0, end;
        deeds_buf field = { 0 }, date = { 0 }, text = { 0 }, line = { 0 };
        do {  /* header */
            end = read_field(f, &field);
            if (!strcmp(field.data, "date")) date_col = col;
            if (!strcmp(field.data, "text")) text_col = col;
            col++;
        } while (end == ',');
        if (date_col < 0 || text_col < 0) {
            fprintf(stderr, "%s: the header needs \"date\" and \"text\" columns\n", argv[1]);
            return 1;
        }
        long row = 0;
        while (!feof(f)) {
            col = 0;
            deeds_buf_reset(&date);
            deeds_buf_reset(&text);
            do {
                end = read_field(f, &field);
                if (col == date_col) deeds_buf_append(&date, field.data, field.len);
                if (col == text_col) deeds_buf_append(&text, field.data, field.len);
                col++;
            } while (end == ',');
            if (!text.len || !date.len)
                continue;
            deeds_buf_reset(&line);
            deeds_buf_printf(&line, "{\"id\": \"%ld-%ld\", \"date\": ", (long)copy, ++row);
            deeds_buf_json_string(&line, date.data, date.len);
            deeds_buf_puts(&line, ", \"text\": ");
            deeds_buf_json_string(&line, text.data, text.len);
            deeds_buf_puts(&line, "}\n");
            fwrite(line.data, 1, line.len, stdout);
        }
        fclose(f);
        deeds_buf_free(&field); deeds_buf_free(&date); deeds_buf_free(&text); deeds_buf_free(&line);
    }
    return 0;
}

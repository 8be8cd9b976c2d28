"""A tiny tokenizer: its tokens and cookies are lexemes and stream positions."""
import sys


class Lexer:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def next_token(self):
        token = self.text[self.pos]
        self.pos += 1
        print("lexer: raw token=" + repr(token))
        return token

    def seek(self, cookie):
        if cookie < 0:
            raise ValueError("negative seek position %r" % (cookie,))
        print("seek to", cookie, file=sys.stderr)

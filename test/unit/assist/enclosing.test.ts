import { strict as assert } from 'node:assert';
import { enclosingBlock } from '../../../src/core/assist/blocks/enclosing';
import { lineOf, withCursor } from './cursor';

function blockAt(fixture: string, languageId: string): { text: string; range: ReturnType<typeof enclosingBlock> } {
  const { text, offset } = withCursor(fixture);
  return { text, range: enclosingBlock(text, offset, languageId) };
}

describe('enclosingBlock', () => {
  it('TypeScript: the method around the cursor, not the callback inside it nor the class', () => {
    const { text, range } = blockAt(
      `import { Logger } from './log';

/** Caches parsed configs. */
export class ConfigCache {
  private readonly entries = new Map<string, Config>();

  @memoize()
  async load(path: string): Promise<Config> {
    const raw = await readFile(path, 'utf8'); // "{" in a comment
    const lines = raw.split('\\n').map((l) => {
      return l.trim() + '}';║
    });
    return parse(lines);
  }

  clear(): void {
    this.entries.clear();
  }
}
`,
      'typescript',
    );
    assert.deepEqual(range, { startLine: lineOf(text, '@memoize'), endLine: lineOf(text, 'return parse') + 1 });
  });

  it('TypeScript: an arrow function assigned to a const, and the class between its methods', () => {
    const arrow = blockAt(
      'const config = { retries: 3 };\n\nexport const retry = async (fn: () => Promise<void>): Promise<void> => {\n  for (let i = 0; i < config.retries; i++) {\n    await fn();║\n  }\n};\n',
      'typescript',
    );
    assert.deepEqual(arrow.range, { startLine: 3, endLine: 7 });
    const between = blockAt('class A {\n  a(): number {\n    return 1;\n  }\n║\n  b(): number {\n    return 2;\n  }\n}\n', 'typescript');
    assert.deepEqual(between.range, { startLine: 1, endLine: 9 });
  });

  it('returns undefined at top level', () => {
    assert.equal(blockAt('import x from "y";\n║\nconst z = { a: 1 };\n', 'typescript').range, undefined);
  });

  it('Python: the innermost def with decorators, multi-line signature and a docstring at column 0', () => {
    const { text, range } = blockAt(
      `import os


class Store:
    """Key-value store."""

    @staticmethod
    def open(
        path: str,
        mode: str = "r",
    ) -> "Store":
        """Open a store.
Docstring text at column 0 must not end the body.
"""
        if not os.path.exists(path):
            raise FileNotFoundError(path)

        return Store(path)║

    def close(self) -> None:
        pass


def main() -> None:
    Store.open("db")
`,
      'python',
    );
    assert.deepEqual(range, { startLine: lineOf(text, '@staticmethod'), endLine: lineOf(text, 'return Store(path)') });
  });

  it('Python: between methods the class is the block', () => {
    const { range } = blockAt(
      'class A:\n    def a(self):\n        return 1\n\n    x = 1║\n\n    def b(self):\n        return 2\n',
      'python',
    );
    assert.deepEqual(range, { startLine: 1, endLine: 8 });
  });

  it('Go: a method with a receiver; braces in a raw string and a rune are ignored', () => {
    const { text, range } = blockAt(
      'package server\n\nfunc (s *Server) Handle(w http.ResponseWriter, r *http.Request) {\n\tif r.Method != "GET" {\n\t\tfmt.Fprint(w, `{"error": "method"}`)\n\t\treturn\n\t}\n\tbrace := \'{\'\n\t_ = brace║\n}\n\nfunc other() {}\n',
      'go',
    );
    assert.deepEqual(range, { startLine: lineOf(text, 'func (s *Server)'), endLine: lineOf(text, 'func other') - 2 });
  });

  it('Rust: a fn with lifetimes inside an impl block, with an attribute', () => {
    const { text, range } = blockAt(
      `impl<'a> Parser<'a> {
    #[inline]
    pub fn next_token(&mut self, input: &'a str) -> Option<&'a str> {
        let open = '{';
        match input.find(open) {
            Some(i) => Some(&input[..i]),║
            None => None,
        }
    }
}
`,
      'rust',
    );
    assert.deepEqual(range, { startLine: lineOf(text, '#[inline]'), endLine: lineOf(text, 'None => None') + 2 });
  });

  it('Java: an annotated method that throws, inside a class', () => {
    const { text, range } = blockAt(
      `public class Repository {
    @Override
    public List<User> findAll() throws SQLException {
        try (Statement st = conn.createStatement()) {
            return map(st.executeQuery("SELECT * FROM users"));║
        } catch (SQLException e) {
            throw e;
        }
    }
}
`,
      'java',
    );
    assert.deepEqual(range, { startLine: lineOf(text, '@Override'), endLine: lineOf(text, 'throw e;') + 2 });
  });

  it('Ruby and Lua: blocks closed by end, ignoring modifiers and nested blocks', () => {
    const ruby = blockAt(
      'class Cart\n  def total\n    return 0 if items.empty?\n    items.sum do |i|\n      i.price║\n    end\n  end\nend\n',
      'ruby',
    );
    assert.deepEqual(ruby.range, { startLine: 2, endLine: 7 });
    const lua = blockAt(
      'local M = {}\n\nfunction M.sum(t)\n  local s = 0\n  for _, v in ipairs(t) do\n    if v then s = s + v end║\n  end\n  return s\nend\n\nreturn M\n',
      'lua',
    );
    assert.deepEqual(lua.range, { startLine: 3, endLine: 9 });
  });

  it('C# with Allman braces, and JavaScript without semicolons', () => {
    const cs = blockAt(
      'namespace App\n{\n    public class Repo\n    {\n        public int Count(string table)\n        {\n            return 1;║\n        }\n    }\n}\n',
      'csharp',
    );
    assert.deepEqual(cs.range, { startLine: 5, endLine: 8 });
    const js = blockAt("const name = 'x'\nclass A {\n  name = 'y'\n  run() {\n    go()║\n  }\n}\n", 'javascript');
    assert.deepEqual(js.range, { startLine: 4, endLine: 6 });
  });

  it('prefers the innermost function-like editor symbol over heuristics', () => {
    const { text, offset } = withCursor('class A {\n  run() {\n    go();║\n  }\n}\n');
    const symbols = [
      { name: 'A', kind: 'Class', startLine: 1, endLine: 5 },
      { name: 'run', kind: 'Method', startLine: 2, endLine: 4 },
    ];
    assert.deepEqual(enclosingBlock(text, offset, 'typescript', symbols), { startLine: 2, endLine: 4 });
    assert.deepEqual(enclosingBlock(text, offset, 'typescript', [symbols[0]!]), { startLine: 1, endLine: 5 });
  });
});

/**
 * AKQL grammar (djangoql's syntax as authentik uses it), compiled by peggy once at module load:
 * the grammar is the only source, so there is no generated parser to keep in step with it.
 */
export const AKQL_GRAMMAR = String.raw`
{{
  function node(type, props) { return { type, ...props }; }
}}

Query = _ e:Or _ { return e; }

Or = head:And tail:(_ "or"i !IdentChar _ e:And { return e; })* {
  return tail.length ? node("or", { items: [head, ...tail] }) : head;
}

And = head:Term tail:(_ "and"i !IdentChar _ e:Term { return e; })* {
  return tail.length ? node("and", { items: [head, ...tail] }) : head;
}

Term = "(" _ e:Or _ ")" { return e; } / Comparison

Comparison
  = field:Field _ op:ListOp _ values:List { return node("compare", { field, op, value: values, location: location() }); }
  / field:Field _ op:Op _ value:Value { return node("compare", { field, op, value, location: location() }); }

ListOp = "not"i __ "in"i !IdentChar { return "not in"; } / "in"i !IdentChar { return "in"; }

Op = "!=" { return "!="; } / "!~" { return "!~"; } / ">=" { return ">="; } / "<=" { return "<="; }
   / "=" { return "="; } / "~" { return "~"; } / ">" { return ">"; } / "<" { return "<"; }
   / "startswith"i !IdentChar { return "startswith"; } / "endswith"i !IdentChar { return "endswith"; }
   / "not"i __ "startswith"i !IdentChar { return "not startswith"; } / "not"i __ "endswith"i !IdentChar { return "not endswith"; }

Field "field name" = head:Ident tail:("." p:PathPart { return p; })* { return [head, ...tail]; }
PathPart = Ident / $[0-9]+
Ident = $([a-zA-Z_][a-zA-Z0-9_]*)
IdentChar = [a-zA-Z0-9_]

List "list" = "(" _ head:Value tail:(_ "," _ v:Value { return v; })* _ ")" { return [head, ...tail]; }

Value "value" = String / Number / Keyword
Keyword = "true" !IdentChar { return true; } / "false" !IdentChar { return false; } / "None" !IdentChar { return null; }
Number = n:$("-"? [0-9]+ ("." [0-9]+)?) !IdentChar { return Number(n); }
String = '"' chars:Char* '"' { return chars.join(""); }
Char = '\\' c:["\\/bfnrt] { return { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }[c]; }
     / '\\u' h:$([0-9a-fA-F]{4}) { return String.fromCharCode(parseInt(h, 16)); }
     / [^"\\]

_ "whitespace" = [ \t\r\n]*
__ = [ \t\r\n]+
`;

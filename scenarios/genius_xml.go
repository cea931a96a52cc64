package scenarios

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// xnode is an XML element with the line it starts on.
type xnode struct {
	name string
	attr map[string]string
	kids []*xnode
	line int
}

// kid returns n's first child element named name, or nil.
func (n *xnode) kid(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// all returns n's child elements named name.
func (n *xnode) all(name string) []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// maxXMLDepth caps how deeply a GENIUS file's elements nest.
const maxXMLDepth = 32

// parseXML reads an XML document into a tree of elements, of at most
// MaxEntries elements nested at most maxXMLDepth deep, so that a hostile
// file is answered at once.
func parseXML(file string, data []byte) (*xnode, *FieldError) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charsetReader
	var root *xnode
	var stack []*xnode
	elements := 0
	for {
		// The position before a start element's token is its "<", since
		// the text before it is a token of its own.
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			msg := err.Error()
			if se := (*xml.SyntaxError)(nil); errors.As(err, &se) {
				line, msg = se.Line, se.Msg
			}
			return nil, &FieldError{File: file, Line: line, Msg: "malformed XML: " + msg}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if elements++; elements > MaxEntries {
				return nil, &FieldError{File: file, Line: line, Msg: fmt.Sprintf("more than %d XML elements; a GENIUS domain or profile needs far fewer", MaxEntries)}
			}
			if len(stack) >= maxXMLDepth {
				return nil, &FieldError{File: file, Line: line, Msg: fmt.Sprintf("XML elements nested more than %d deep; a GENIUS file needs 6", maxXMLDepth)}
			}
			n := &xnode{name: t.Name.Local, line: line, attr: make(map[string]string, len(t.Attr))}
			for _, a := range t.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, &FieldError{File: file, Line: line, Msg: "malformed XML: a second root element <" + n.name + ">"}
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil {
		return nil, &FieldError{File: file, Line: 1, Msg: "malformed XML: no element"}
	}
	return root, nil
}

// charsetReader decodes the single-byte encodings older GENIUS files
// declare (ISO-8859-1 and its kin) into UTF-8.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252":
		return &latin1Reader{r: bufio.NewReader(input)}, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (allowed: UTF-8, ISO-8859-1)", charset)
}

// latin1Reader turns ISO-8859-1 bytes into UTF-8.
type latin1Reader struct {
	r   *bufio.Reader
	buf []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	for len(l.buf) == 0 {
		c, err := l.r.ReadByte()
		if err != nil {
			return 0, err
		}
		l.buf = utf8.AppendRune(l.buf, rune(c))
	}
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}

"""Structure of a plan: lines, header and closing, the section tree, tables."""

"""Import a bulletin in the window, review its proposed facts against the text, save it to the library."""

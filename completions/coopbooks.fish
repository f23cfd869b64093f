complete --keep-order --exclusive --command coopbooks --arguments "(COMPLETE=fish coopbooks -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"

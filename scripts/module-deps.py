#!/usr/bin/env python3
# Prints which module of src/ uses which (crate:: and super:: paths, tests left out), one line
# per module: a first look at the layers and at loops between modules. Run from the root:
#   python3 scripts/module-deps.py | grep ^engine
import re,os,sys,collections
root='src'
def modname(path):
    rel=os.path.relpath(path,root)[:-3].split('/')
    if rel[-1] in('mod','lib','main'): rel=rel[:-1]
    return rel
edges=collections.defaultdict(set)
for d,_,fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs'): continue
        p=os.path.join(d,f); m=modname(p)
        text=open(p).read()
        # strip tests module
        i=text.find('#[cfg(test)]')
        if i>=0: text=text[:i]
        text=re.sub(r'//[^\n]*','',text)
        # expand use groups roughly: find crate::a::b and super::b
        for mm in re.finditer(r'\b(crate|super)::((?:[a-z_][a-z0-9_]*::)*)(\{[^;]*?\}|[A-Za-z_][A-Za-z0-9_]*)',text,re.S):
            base=mm.group(1); path=[x for x in mm.group(2).split('::') if x]; last=mm.group(3)
            lasts=[]
            if last.startswith('{'):
                inner=last[1:-1]
                for part in re.split(r',(?![^{]*\})',inner):
                    part=part.strip()
                    if not part: continue
                    lasts.append(re.split(r'::|\s',part)[0])
            else: lasts=[last]
            for l in lasts:
                full=(['crate'] if base=='crate' else ['super'])+path+[l]
                if base=='super':
                    parent=m[:-1] if not p.endswith('mod.rs') else m[:-1]
                    tgt=parent+path+[l]
                else: tgt=path+[l]
                # truncate to an existing module
                best=None
                for k in range(len(tgt),0,-1):
                    cand=os.path.join(root,*tgt[:k])
                    if os.path.exists(cand+'.rs') or os.path.exists(os.path.join(cand,'mod.rs')):
                        best=tgt[:k];break
                if best and best!=m and best!=m[:len(best)]:
                    edges['::'.join(m)].add('::'.join(best))
for a in sorted(edges):
    print(a,'->',' '.join(sorted(edges[a])))

#!/usr/bin/env bash
# Generates a Hugo site for the cache benchmark: template/ (config, layouts, static) and content/ (N pages).
# usage: gen-site.sh <dir> <pages> [static-files]
set -euo pipefail
dir=${1:?dir}; pages=${2:?pages}; statics=${3:-78}
rm -rf "$dir"; mkdir -p "$dir/template/layouts/_default" "$dir/template/static/assets" "$dir/content/posts"
cat > "$dir/template/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
title = "Cache benchmark"
disableKinds = []
[taxonomies]
  tag = "tags"
  category = "categories"
TOML
cat > "$dir/template/layouts/_default/baseof.html" <<'HTML'
<!doctype html><html><head><title>{{ .Title }}</title><link rel="stylesheet" href="/assets/site-0.css"></head>
<body><header><a href="/">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
cat > "$dir/template/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}
<ul>{{ range .Params.tags }}<li><a href="/tags/{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul></article>{{ end }}
HTML
cat > "$dir/template/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range first 50 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
HTML
cp "$dir/template/layouts/_default/list.html" "$dir/template/layouts/index.html"
for ((i = 0; i < statics; i++)); do
  printf '/* asset %d */\nbody { margin: %dpx; }\n' "$i" "$i" > "$dir/template/static/assets/site-$i.css"
done
tags=$(( pages / 8 + 2 )); (( tags > 60 )) && tags=60
for ((i = 0; i < pages; i++)); do
  cat > "$dir/content/posts/post-$i.md" <<MD
---
title: "Post $i"
date: 2024-01-$(printf '%02d' $(( i % 28 + 1 )))
tags: ["tag-$(( i % tags ))", "tag-$(( (i * 7) % tags ))"]
categories: ["cat-$(( i % 5 ))"]
---
Paragraph one of post $i. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.

Paragraph two of post $i, with **bold** and a [link](https://example.org/$i).
MD
done
echo "generated $dir: $pages pages, $statics static files"

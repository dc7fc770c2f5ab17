import { useEffect, useState } from "react";

/**
 * Shows an SVG drawn by the engine. The markup goes through a blob URL into an
 * <img>, so it is rendered as a picture and never as part of the page (no
 * scripts, no styles leaking either way); the content security policy allows
 * `blob:` images and nothing else.
 */
export function SvgImage({ svg, alt, className }: { svg: string; alt: string; className?: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (svg === "" || typeof URL.createObjectURL !== "function") {
      setUrl(null);
      return;
    }
    const made = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [svg]);
  if (url === null) return null;
  // The drawing's own size, so the page keeps its place before the picture
  // has loaded (nothing below it jumps, and a click lands where it aimed).
  const size = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
  return (
    <img
      src={url}
      alt={alt}
      className={className}
      width={size ? Number(size[1]) : undefined}
      height={size ? Number(size[2]) : undefined}
    />
  );
}

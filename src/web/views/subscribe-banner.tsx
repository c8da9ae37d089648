/** The invitation on every feed page, as on Hugging Face's. */
export function SubscribeBanner() {
  return (
    <p class="subscribe-banner">
      Get trending papers in your email inbox! — <a href="/subscribe">Subscribe</a>
    </p>
  );
}

/** What every template returns; the mailer sends `text` and `html` as multipart/alternative. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
